package io.xmcgan.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;

/** The training and validation data and how it is preprocessed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"source", "validationSource", "imageSize", "preprocessing", "textEncoder"})
public class DatasetSpec {

  @JsonPropertyDescription(
      "Training examples: builtin: shapes (with size, seed), or captionsUri + imagesUri.")
  @Required
  private DataSourceSpec source;

  @JsonPropertyDescription(
      "Evaluation examples, same shape as source. Required for URI sources; for builtin sources defaults to 256 examples with seed source.seed + 1.")
  private DataSourceSpec validationSource;

  @JsonPropertyDescription("Image side in pixels: 32, 64, 128 or 256. Default: the preset's.")
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
