package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.xmcgan.experiment.validation.ExperimentValidator;

/** The frozen image encoder of the image-encoder contrastive loss. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"uri"})
public class ImageEncoderSpec {

  @JsonPropertyDescription(
      "Image encoder weights (s3:// or file://). Required when model.losses.imageEncoder is enabled.")
  @Pattern(ExperimentValidator.URI_PATTERN)
  private String uri;

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }
}
