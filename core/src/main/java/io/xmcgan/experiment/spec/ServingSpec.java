package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.xmcgan.serving.CheckpointPolicy;
import io.xmcgan.serving.ResolvedServing;

/**
 * Serving the trained generator on the cluster (docs/serving.md): a Deployment running the
 * evaluator image's {@code serve} and a Service in front of it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"enabled", "replicas", "checkpoint", "afterTraining", "resources", "image"})
public class ServingSpec {

  @JsonPropertyDescription(
      "Serve the generator with a Deployment and a Service once a checkpoint fits the policy. Default false.")
  @Default("false")
  private Boolean enabled;

  @JsonPropertyDescription("Server pods. Default 1.")
  @Min(1)
  @Max(ResolvedServing.MAX_REPLICAS)
  @Default("" + ResolvedServing.REPLICAS)
  private Integer replicas;

  @JsonPropertyDescription(
      "Which checkpoint to serve: "
          + CheckpointPolicy.GRAMMAR
          + ". best-fid follows the evaluation: the server is rolled out again when a better FID"
          + " appears. Default best-fid.")
  @Pattern(CheckpointPolicy.PATTERN)
  @Default(CheckpointPolicy.BEST_FID)
  private String checkpoint;

  @JsonPropertyDescription(
      "Start serving only once training has succeeded (true) or as soon as a checkpoint fits the"
          + " policy (false). Default false.")
  @Default("false")
  private Boolean afterTraining;

  @JsonPropertyDescription("Requests and limits of each server pod.")
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Image running serve. Default: scheduling.images.evaluator, else the operator's evaluator image.")
  private String image;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public String getCheckpoint() {
    return checkpoint;
  }

  public void setCheckpoint(String checkpoint) {
    this.checkpoint = checkpoint;
  }

  public Boolean getAfterTraining() {
    return afterTraining;
  }

  public void setAfterTraining(Boolean afterTraining) {
    this.afterTraining = afterTraining;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }
}
