package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.xmcgan.experiment.resolve.ExperimentDefaults;

/** The optimisation: length, batch, optimiser, EMA, checkpoints. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "steps",
  "batchSize",
  "gpusPerPod",
  "precision",
  "augmentation",
  "dStepsPerGStep",
  "generatorLearningRate",
  "discriminatorLearningRate",
  "beta1",
  "beta2",
  "emaDecay",
  "checkpointEvery",
  "keepCheckpoints",
  "seed",
  "summaryEvery",
  "resources",
  "imageEncoder"
})
@ValidationRule(
    value = "!has(self.checkpointEvery) || !has(self.steps) || self.checkpointEvery <= self.steps",
    message = "must be <= training.steps",
    fieldPath = ".checkpointEvery")
public class TrainingSpec {

  @JsonPropertyDescription("Generator steps to train.")
  @Required
  @Min(1)
  private Integer steps;

  @JsonPropertyDescription(
      "Images per discriminator or generator sub-step over all GPUs of the pod; it must divide by"
          + " gpusPerPod, and each GPU's share above 8 must be a multiple of 8 (the contrastive"
          + " group). Default 56 (the reference's 7 GPUs x 8) for the coco presets, else 8 per"
          + " device.")
  @Min(1)
  private Integer batchSize;

  @JsonPropertyDescription("GPUs of the training pod (0: train on CPU). Default 1.")
  @Min(0)
  @Default("" + ExperimentDefaults.GPUS_PER_POD)
  private Integer gpusPerPod;

  @JsonPropertyDescription(
      "Arithmetic of convolutions and dense layers: fp32, tf32 (TensorFloat-32 on GPUs) or bf16"
          + " (bfloat16 inputs and weights, float32 parameters, statistics and losses). Default tf32"
          + " with GPUs, fp32 on the CPU.")
  private Precision precision;

  @JsonPropertyDescription(
      "Augmentation of the images the discriminator sees, real and generated: none (the"
          + " reference) or translation (each image shifted by up to 1/8 of its side). Default"
          + " none.")
  private Augmentation augmentation;

  @JsonPropertyDescription("Discriminator steps per generator step. Default 2.")
  @Min(1)
  @Default("" + ExperimentDefaults.D_STEPS_PER_G_STEP)
  @JsonProperty("dStepsPerGStep")
  private Integer dStepsPerGStep;

  @JsonPropertyDescription("Adam learning rate of G. Default 1e-4.")
  @Min(value = 0, inclusive = false)
  @Default("" + ExperimentDefaults.GENERATOR_LEARNING_RATE)
  private Double generatorLearningRate;

  @JsonPropertyDescription("Adam learning rate of D. Default 4e-4.")
  @Min(value = 0, inclusive = false)
  @Default("" + ExperimentDefaults.DISCRIMINATOR_LEARNING_RATE)
  private Double discriminatorLearningRate;

  @JsonPropertyDescription("Adam beta1, in [0, 1). Default 0.5.")
  @Min(0)
  @Max(value = 1, inclusive = false)
  @Default("" + ExperimentDefaults.BETA1)
  private Double beta1;

  @JsonPropertyDescription("Adam beta2, in [0, 1). Default 0.999.")
  @Min(0)
  @Max(value = 1, inclusive = false)
  @Default("" + ExperimentDefaults.BETA2)
  private Double beta2;

  @JsonPropertyDescription(
      "Decay of the generator's exponential moving average, in [0, 1). Default 0.999.")
  @Min(0)
  @Max(value = 1, inclusive = false)
  @Default("" + ExperimentDefaults.EMA_DECAY)
  private Double emaDecay;

  @JsonPropertyDescription("Steps between checkpoints, at most steps. Default min(5000, steps).")
  @Min(1)
  private Integer checkpointEvery;

  @JsonPropertyDescription("Newest checkpoints kept in storage. Default 5.")
  @Min(1)
  @Default("" + ExperimentDefaults.KEEP_CHECKPOINTS)
  private Integer keepCheckpoints;

  @JsonPropertyDescription("Seed of initialisation, noise and data order. Default 42.")
  @Default("" + ExperimentDefaults.SEED)
  private Long seed;

  @JsonPropertyDescription(
      "Steps between TensorBoard summaries and progress lines. Default min(1000, steps).")
  @Min(1)
  private Integer summaryEvery;

  @JsonPropertyDescription(
      "Requests and limits of the training pod; nvidia.com/gpu is set from gpusPerPod.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("The frozen image encoder of the imageEncoder loss.")
  private ImageEncoderSpec imageEncoder;

  public Integer getSteps() {
    return steps;
  }

  public void setSteps(Integer steps) {
    this.steps = steps;
  }

  public Integer getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(Integer batchSize) {
    this.batchSize = batchSize;
  }

  public Integer getGpusPerPod() {
    return gpusPerPod;
  }

  public void setGpusPerPod(Integer gpusPerPod) {
    this.gpusPerPod = gpusPerPod;
  }

  @JsonProperty("dStepsPerGStep")
  public Integer getDStepsPerGStep() {
    return dStepsPerGStep;
  }

  @JsonProperty("dStepsPerGStep")
  public void setDStepsPerGStep(Integer dStepsPerGStep) {
    this.dStepsPerGStep = dStepsPerGStep;
  }

  public Double getGeneratorLearningRate() {
    return generatorLearningRate;
  }

  public void setGeneratorLearningRate(Double generatorLearningRate) {
    this.generatorLearningRate = generatorLearningRate;
  }

  public Double getDiscriminatorLearningRate() {
    return discriminatorLearningRate;
  }

  public void setDiscriminatorLearningRate(Double discriminatorLearningRate) {
    this.discriminatorLearningRate = discriminatorLearningRate;
  }

  public Double getBeta1() {
    return beta1;
  }

  public void setBeta1(Double beta1) {
    this.beta1 = beta1;
  }

  public Double getBeta2() {
    return beta2;
  }

  public void setBeta2(Double beta2) {
    this.beta2 = beta2;
  }

  public Double getEmaDecay() {
    return emaDecay;
  }

  public void setEmaDecay(Double emaDecay) {
    this.emaDecay = emaDecay;
  }

  public Integer getCheckpointEvery() {
    return checkpointEvery;
  }

  public void setCheckpointEvery(Integer checkpointEvery) {
    this.checkpointEvery = checkpointEvery;
  }

  public Integer getKeepCheckpoints() {
    return keepCheckpoints;
  }

  public void setKeepCheckpoints(Integer keepCheckpoints) {
    this.keepCheckpoints = keepCheckpoints;
  }

  public Long getSeed() {
    return seed;
  }

  public void setSeed(Long seed) {
    this.seed = seed;
  }

  public Integer getSummaryEvery() {
    return summaryEvery;
  }

  public void setSummaryEvery(Integer summaryEvery) {
    this.summaryEvery = summaryEvery;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public ImageEncoderSpec getImageEncoder() {
    return imageEncoder;
  }

  public void setImageEncoder(ImageEncoderSpec imageEncoder) {
    this.imageEncoder = imageEncoder;
  }

  public Augmentation getAugmentation() {
    return augmentation;
  }

  public void setAugmentation(Augmentation augmentation) {
    this.augmentation = augmentation;
  }

  public Precision getPrecision() {
    return precision;
  }

  public void setPrecision(Precision precision) {
    this.precision = precision;
  }
}
