package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.xmcgan.experiment.resolve.ExperimentDefaults;

/** How checkpoints are scored (FID, Inception Score) and sampled. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "every",
  "numImages",
  "repeats",
  "inceptionSplits",
  "evaluateRaw",
  "featureExtractor",
  "gpusPerPod",
  "resources",
  "continuous"
})
@ValidationRule(
    value =
        "!has(self.inceptionSplits) || self.inceptionSplits <= (has(self.numImages)"
            + " ? self.numImages : "
            + ExperimentDefaults.EVAL_NUM_IMAGES
            + ")",
    message = "must be <= evaluation.numImages",
    fieldPath = ".inceptionSplits")
public class EvaluationSpec {

  @JsonPropertyDescription(
      "Evaluate checkpoints whose step is a multiple of this; a multiple of training.checkpointEvery. Default: every checkpoint.")
  @Min(1)
  private Integer every;

  @JsonPropertyDescription("Generated (and real) images per FID. Default 30000.")
  @Min(2)
  @Default("" + ExperimentDefaults.EVAL_NUM_IMAGES)
  private Integer numImages;

  @JsonPropertyDescription(
      "Passes with different noise and captions; mean and std are reported. Default 3.")
  @Min(1)
  @Default("" + ExperimentDefaults.EVAL_REPEATS)
  private Integer repeats;

  @JsonPropertyDescription("Splits of the Inception Score. Default 10.")
  @Min(1)
  @Default("" + ExperimentDefaults.INCEPTION_SPLITS)
  private Integer inceptionSplits;

  @JsonPropertyDescription("Also evaluate the raw generator, not only the EMA one. Default false.")
  @Default("false")
  private Boolean evaluateRaw;

  @JsonPropertyDescription("The Inception feature extractor.")
  private FeatureExtractorSpec featureExtractor;

  @JsonPropertyDescription(
      "GPUs of the evaluator pod: 0 (CPU) or 1; the evaluator runs on one device. Default 0.")
  @Min(0)
  @Max(1)
  @Default("" + ExperimentDefaults.EVALUATION_GPUS_PER_POD)
  private Integer gpusPerPod;

  @JsonPropertyDescription("Requests and limits of the evaluator pod.")
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Evaluate each checkpoint while training runs (true) or only after training (false). Default true.")
  @Default("true")
  private Boolean continuous;

  public Integer getEvery() {
    return every;
  }

  public void setEvery(Integer every) {
    this.every = every;
  }

  public Integer getNumImages() {
    return numImages;
  }

  public void setNumImages(Integer numImages) {
    this.numImages = numImages;
  }

  public Integer getRepeats() {
    return repeats;
  }

  public void setRepeats(Integer repeats) {
    this.repeats = repeats;
  }

  public Integer getInceptionSplits() {
    return inceptionSplits;
  }

  public void setInceptionSplits(Integer inceptionSplits) {
    this.inceptionSplits = inceptionSplits;
  }

  public Boolean getEvaluateRaw() {
    return evaluateRaw;
  }

  public void setEvaluateRaw(Boolean evaluateRaw) {
    this.evaluateRaw = evaluateRaw;
  }

  public FeatureExtractorSpec getFeatureExtractor() {
    return featureExtractor;
  }

  public void setFeatureExtractor(FeatureExtractorSpec featureExtractor) {
    this.featureExtractor = featureExtractor;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Boolean getContinuous() {
    return continuous;
  }

  public void setContinuous(Boolean continuous) {
    this.continuous = continuous;
  }

  public Integer getGpusPerPod() {
    return gpusPerPod;
  }

  public void setGpusPerPod(Integer gpusPerPod) {
    this.gpusPerPod = gpusPerPod;
  }
}
