package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.xmcgan.experiment.resolve.ChannelPlan;
import io.xmcgan.experiment.resolve.ExperimentDefaults;

/** The training and validation data and how it is preprocessed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"source", "validationSource", "imageSize", "preprocessing", "textEncoder"})
@ValidationRule(
    value =
        "has(self.source.builtin) || !(has(self.source.captionsUri) || has(self.source.imagesUri))"
            + " || has(self.validationSource)",
    message = "is required when source uses captionsUri/imagesUri (e.g. the COCO val2014 split)",
    fieldPath = ".validationSource",
    reason = "FieldValueRequired")
@ValidationRule(
    value =
        "!has(self.source.builtin) || has(self.source.captionsUri) || has(self.source.imagesUri)"
            + " || (has(self.source.grid) ? self.source.grid : "
            + ExperimentDefaults.SHAPES_GRID
            + ") != 1 || (has(self.source.maxShapes) ? self.source.maxShapes : "
            + ExperimentDefaults.SHAPES_MAX_SHAPES
            + ") == 1",
    message = DatasetSpec.GRID_ONE,
    fieldPath = ".source.grid")
@ValidationRule(
    value =
        "!has(self.validationSource) || !has(self.validationSource.builtin)"
            + " || has(self.validationSource.captionsUri) || has(self.validationSource.imagesUri)"
            + " || (has(self.validationSource.grid) ? self.validationSource.grid"
            + " : has(self.source.grid) ? self.source.grid : "
            + ExperimentDefaults.SHAPES_GRID
            + ") != 1 || (has(self.validationSource.maxShapes) ? self.validationSource.maxShapes"
            + " : has(self.source.maxShapes) ? self.source.maxShapes : "
            + ExperimentDefaults.SHAPES_MAX_SHAPES
            + ") == 1",
    message = DatasetSpec.GRID_ONE,
    fieldPath = ".validationSource.grid")
@ValidationRule(
    value =
        "!has(self.textEncoder) || !has(self.textEncoder.vocabUri) || has(self.textEncoder.uri)"
            + " || (has(self.textEncoder.builtin) ? self.textEncoder.builtin != '"
            + BuiltinTextEncoder.MINILM_L6_NAME
            + "' : !has(self.source.captionsUri))",
    message =
        "cannot be used with the built-in minilm-l6 encoder (the default for captionsUri sources),"
            + " which brings its own tokenizer; set textEncoder.uri for your own encoder",
    fieldPath = ".textEncoder.vocabUri")
public class DatasetSpec {

  static final String GRID_ONE =
      "1 has a single cell, so it holds one shape: set maxShapes: 1 as well, or use grid 2 or 3";

  @JsonPropertyDescription(
      "Training examples: builtin: shapes (with size, seed), or captionsUri + imagesUri.")
  @Required
  private DataSourceSpec source;

  @JsonPropertyDescription(
      "Evaluation examples, same shape as source. Required for URI sources; for builtin sources defaults to 256 examples with seed source.seed + 1.")
  private DataSourceSpec validationSource;

  @JsonPropertyDescription("Image side in pixels: 32, 64, 128 or 256. Default: the preset's.")
  @ValidationRule(
      value = "self in " + ChannelPlan.SUPPORTED_IMAGE_SIZES_CEL,
      message = "must be one of " + ChannelPlan.SUPPORTED_IMAGE_SIZES_CEL)
  private Integer imageSize;

  @JsonPropertyDescription("Sharding and parallelism of the preprocessing Job.")
  private PreprocessingSpec preprocessing;

  @JsonPropertyDescription(
      "The frozen text encoder. Default: the built-in minilm-l6 for captionsUri sources, shapes-tiny for builtin shapes.")
  private TextEncoderSpec textEncoder;

  public DataSourceSpec getSource() {
    return source;
  }

  public void setSource(DataSourceSpec source) {
    this.source = source;
  }

  public DataSourceSpec getValidationSource() {
    return validationSource;
  }

  public void setValidationSource(DataSourceSpec validationSource) {
    this.validationSource = validationSource;
  }

  public Integer getImageSize() {
    return imageSize;
  }

  public void setImageSize(Integer imageSize) {
    this.imageSize = imageSize;
  }

  public PreprocessingSpec getPreprocessing() {
    return preprocessing;
  }

  public void setPreprocessing(PreprocessingSpec preprocessing) {
    this.preprocessing = preprocessing;
  }

  public TextEncoderSpec getTextEncoder() {
    return textEncoder;
  }

  public void setTextEncoder(TextEncoderSpec textEncoder) {
    this.textEncoder = textEncoder;
  }
}
