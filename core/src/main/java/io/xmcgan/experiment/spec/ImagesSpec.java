package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.xmcgan.experiment.validation.ExperimentValidator;

/** Container image overrides. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"trainer", "evaluator", "pullPolicy"})
public class ImagesSpec {

  @JsonPropertyDescription(
      "Trainer image (preprocess and train). Default: the operator's configured image.")
  @Pattern(ExperimentValidator.IMAGE_PATTERN)
  private String trainer;

  @JsonPropertyDescription("Evaluator image. Default: the operator's configured image.")
  @Pattern(ExperimentValidator.IMAGE_PATTERN)
  private String evaluator;

  @JsonPropertyDescription(
      "Image pull policy: Always, IfNotPresent or Never. Default: Kubernetes' rule.")
  private PullPolicy pullPolicy;

  public String getTrainer() {
    return trainer;
  }

  public void setTrainer(String trainer) {
    this.trainer = trainer;
  }

  public String getEvaluator() {
    return evaluator;
  }

  public void setEvaluator(String evaluator) {
    this.evaluator = evaluator;
  }

  public PullPolicy getPullPolicy() {
    return pullPolicy;
  }

  public void setPullPolicy(PullPolicy pullPolicy) {
    this.pullPolicy = pullPolicy;
  }
}
