package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.xmcgan.experiment.resolve.ModelPresets;

/** The network: a preset plus optional overrides. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"preset", "gfDim", "dfDim", "zDim", "textDim", "losses"})
public class ModelSpec {

  @JsonPropertyDescription("Model preset: coco-128, coco-256 or tiny.")
  @Required
  @ValidationRule(
      value =
          "self in ['"
              + ModelPresets.COCO_128
              + "', '"
              + ModelPresets.COCO_256
              + "', '"
              + ModelPresets.TINY
              + "']",
      message =
          "must be one of "
              + ModelPresets.COCO_128
              + ", "
              + ModelPresets.COCO_256
              + ", "
              + ModelPresets.TINY)
  private String preset;

  @JsonPropertyDescription("Generator base channel width. Default: the preset's (96; tiny 32).")
  @Min(1)
  private Integer gfDim;

  @JsonPropertyDescription("Discriminator base channel width. Default: the preset's (96; tiny 32).")
  @Min(1)
  private Integer dfDim;

  @JsonPropertyDescription("Noise width. Default: the preset's (128; tiny 64).")
  @Min(1)
  @JsonProperty("zDim")
  private Integer zDim;

  @JsonPropertyDescription(
      "Width of the text encoder's token vectors. Default: the built-in encoder's (minilm-l6 384, shapes-tiny 64), else the preset's (768; tiny 64). With a built-in encoder it must equal its width.")
  @Min(1)
  private Integer textDim;

  @JsonPropertyDescription("Loss switches and weights.")
  private LossesSpec losses;

  public String getPreset() {
    return preset;
  }

  public void setPreset(String preset) {
    this.preset = preset;
  }

  public Integer getGfDim() {
    return gfDim;
  }

  public void setGfDim(Integer gfDim) {
    this.gfDim = gfDim;
  }

  public Integer getDfDim() {
    return dfDim;
  }

  public void setDfDim(Integer dfDim) {
    this.dfDim = dfDim;
  }

  @JsonProperty("zDim")
  public Integer getZDim() {
    return zDim;
  }

  @JsonProperty("zDim")
  public void setZDim(Integer zDim) {
    this.zDim = zDim;
  }

  public Integer getTextDim() {
    return textDim;
  }

  public void setTextDim(Integer textDim) {
    this.textDim = textDim;
  }

  public LossesSpec getLosses() {
    return losses;
  }

  public void setLosses(LossesSpec losses) {
    this.losses = losses;
  }
}
