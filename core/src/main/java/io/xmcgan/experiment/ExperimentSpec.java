package io.xmcgan.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;

/** The desired state of an XmcganExperiment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "dataset",
  "model",
  "training",
  "evaluation",
  "storage",
  "scheduling",
  "pod",
  "runPolicy"
})
public class ExperimentSpec {

  @JsonPropertyDescription("Training and validation data.")
  @Required
  private DatasetSpec dataset;

  @JsonPropertyDescription("The network: a preset plus overrides.")
  @Required
  private ModelSpec model;

  @JsonPropertyDescription("Optimisation settings.")
  @Required
  private TrainingSpec training;

  @JsonPropertyDescription("FID and Inception Score evaluation.")
  private EvaluationSpec evaluation;

  @JsonPropertyDescription("Object storage. Required in a cluster.")
  private StorageSpec storage;

  @JsonPropertyDescription("Pod placement and images.")
  private SchedulingSpec scheduling;

  @JsonPropertyDescription(
      "Environment, identity, metadata, volumes, shared memory and grace period of every pod.")
  private PodSettingsSpec pod;

  @JsonPropertyDescription("Suspension, retries and deadlines.")
  private RunPolicySpec runPolicy;

  public DatasetSpec getDataset() {
    return dataset;
  }

  public void setDataset(DatasetSpec dataset) {
    this.dataset = dataset;
  }

  public ModelSpec getModel() {
    return model;
  }

  public void setModel(ModelSpec model) {
    this.model = model;
  }

  public TrainingSpec getTraining() {
    return training;
  }

  public void setTraining(TrainingSpec training) {
    this.training = training;
  }

  public EvaluationSpec getEvaluation() {
    return evaluation;
  }

  public void setEvaluation(EvaluationSpec evaluation) {
    this.evaluation = evaluation;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public SchedulingSpec getScheduling() {
    return scheduling;
  }

  public void setScheduling(SchedulingSpec scheduling) {
    this.scheduling = scheduling;
  }

  public RunPolicySpec getRunPolicy() {
    return runPolicy;
  }

  public void setRunPolicy(RunPolicySpec runPolicy) {
    this.runPolicy = runPolicy;
  }

  public PodSettingsSpec getPod() {
    return pod;
  }

  public void setPod(PodSettingsSpec pod) {
    this.pod = pod;
  }
}
