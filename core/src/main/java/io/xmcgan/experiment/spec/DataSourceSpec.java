package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.xmcgan.experiment.validation.ExperimentValidator;

/**
 * Where examples come from: either a built-in generated dataset ({@code builtin}, {@code size},
 * {@code seed}) or a COCO-style pair of URIs ({@code captionsUri}, {@code imagesUri}), never both.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"builtin", "size", "seed", "maxShapes", "grid", "captionsUri", "imagesUri"})
@ValidationRule(
    value = "!(has(self.builtin) && (has(self.captionsUri) || has(self.imagesUri)))",
    message = "set either builtin or captionsUri + imagesUri, not both")
@ValidationRule(
    value = "has(self.builtin) || has(self.captionsUri) || has(self.imagesUri)",
    message = "set builtin: shapes (with size, seed), or captionsUri and imagesUri")
@ValidationRule(
    value = "has(self.builtin) || !has(self.imagesUri) || has(self.captionsUri)",
    message = "is required (s3://bucket/key or file:///path)",
    fieldPath = ".captionsUri",
    reason = "FieldValueRequired")
@ValidationRule(
    value = "has(self.builtin) || !has(self.captionsUri) || has(self.imagesUri)",
    message = "is required (s3://bucket/key or file:///path)",
    fieldPath = ".imagesUri",
    reason = "FieldValueRequired")
@ValidationRule(
    value = DataSourceSpec.BUILTIN_OR_EMPTY + " || !has(self.size)",
    message = "applies only to builtin sources",
    fieldPath = ".size")
@ValidationRule(
    value = DataSourceSpec.BUILTIN_OR_EMPTY + " || !has(self.seed)",
    message = "applies only to builtin sources",
    fieldPath = ".seed")
@ValidationRule(
    value = DataSourceSpec.BUILTIN_OR_EMPTY + " || !has(self.maxShapes)",
    message = "applies only to builtin sources",
    fieldPath = ".maxShapes")
@ValidationRule(
    value = DataSourceSpec.BUILTIN_OR_EMPTY + " || !has(self.grid)",
    message = "applies only to builtin sources",
    fieldPath = ".grid")
public class DataSourceSpec {

  /** A builtin source, or one with neither form (reported once, by the rule above). */
  static final String BUILTIN_OR_EMPTY =
      "has(self.builtin) || !(has(self.captionsUri) || has(self.imagesUri))";

  @JsonPropertyDescription("Built-in generated dataset; excludes captionsUri/imagesUri.")
  private BuiltinDataset builtin;

  @JsonPropertyDescription(
      "Number of generated examples (builtin only). Default 1024 for the source, 256 for the"
          + " validation source.")
  @Min(1)
  private Integer size;

  @JsonPropertyDescription(
      "Seed of the generated examples (builtin only). Default 0 for the source, source seed + 1 for"
          + " the validation source.")
  private Long seed;

  @JsonPropertyDescription(
      "Shapes per generated image (builtin only): 2 draws one or two (the default), 1 draws exactly"
          + " one, an easier task for short demonstrations. The validation source defaults to the"
          + " source's value.")
  @Min(1)
  @Max(2)
  private Integer maxShapes;

  @JsonPropertyDescription(
      "Cells per side of the generated layout (builtin only): one shape per cell, sized to it."
          + " 3 (the default) draws objects of 17 % and 28 % of the image side; 2 of 26 % and 42 %;"
          + " 1 one centred object of 51 % or 84 %, which short runs learn to draw most clearly"
          + " (needs maxShapes: 1). The validation source defaults to the source's value.")
  @Min(1)
  @Max(3)
  private Integer grid;

  @JsonPropertyDescription(
      "COCO-style captions JSON (s3://bucket/key or file:///path), e.g."
          + " annotations/captions_train2014.json.")
  @Pattern(ExperimentValidator.URI_PATTERN)
  private String captionsUri;

  @JsonPropertyDescription(
      "Folder holding the images named in the captions JSON (s3://bucket/prefix or"
          + " file:///path).")
  @Pattern(ExperimentValidator.URI_PATTERN)
  private String imagesUri;

  public BuiltinDataset getBuiltin() {
    return builtin;
  }

  public void setBuiltin(BuiltinDataset builtin) {
    this.builtin = builtin;
  }

  public Integer getSize() {
    return size;
  }

  public void setSize(Integer size) {
    this.size = size;
  }

  public Long getSeed() {
    return seed;
  }

  public void setSeed(Long seed) {
    this.seed = seed;
  }

  public Integer getMaxShapes() {
    return maxShapes;
  }

  public void setMaxShapes(Integer maxShapes) {
    this.maxShapes = maxShapes;
  }

  public Integer getGrid() {
    return grid;
  }

  public void setGrid(Integer grid) {
    this.grid = grid;
  }

  public String getCaptionsUri() {
    return captionsUri;
  }

  public void setCaptionsUri(String captionsUri) {
    this.captionsUri = captionsUri;
  }

  public String getImagesUri() {
    return imagesUri;
  }

  public void setImagesUri(String imagesUri) {
    this.imagesUri = imagesUri;
  }
}
