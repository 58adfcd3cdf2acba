package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.xmcgan.experiment.validation.ExperimentValidator;

/** The Inception network that computes FID features and IS logits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"uri"})
public class FeatureExtractorSpec {

  @JsonPropertyDescription(
      "Feature extractor weights (s3:// or file://). Absent: the evaluator's default extractor.")
  @Pattern(ExperimentValidator.URI_PATTERN)
  private String uri;

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }
}
