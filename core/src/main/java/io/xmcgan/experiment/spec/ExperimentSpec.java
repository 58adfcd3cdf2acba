package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.xmcgan.experiment.resolve.ExperimentDefaults;

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
  "runPolicy",
  "serving"
})
@ValidationRule(
    value = "has(self.storage)",
    message = "is required in a cluster: set endpoint, bucket and credentialsSecret",
    fieldPath = ".storage",
    reason = "FieldValueRequired")
@ValidationRule(
    value =
        "!has(self.storage) || has(self.storage.credentialsSecret)"
            + " || (has(self.pod) && has(self.pod.serviceAccountName))",
    message =
        "is required in a cluster, unless spec.pod.serviceAccountName gives the pods an identity"
            + " (EKS IRSA or Pod Identity)",
    fieldPath = ".storage.credentialsSecret",
    reason = "FieldValueRequired")
@ValidationRule(
    value =
        "!has(self.evaluation) || !has(self.evaluation.every) || !has(self.training.steps)"
            + " || (has(self.training.checkpointEvery) ? self.training.checkpointEvery"
            + " : self.training.steps < "
            + ExperimentDefaults.CHECKPOINT_EVERY
            + " ? self.training.steps : "
            + ExperimentDefaults.CHECKPOINT_EVERY
            + ") < 1 || self.evaluation.every % (has(self.training.checkpointEvery)"
            + " ? self.training.checkpointEvery : self.training.steps < "
            + ExperimentDefaults.CHECKPOINT_EVERY
            + " ? self.training.steps : "
            + ExperimentDefaults.CHECKPOINT_EVERY
            + ") == 0",
    message = "must be a multiple of training.checkpointEvery: only checkpoints can be evaluated",
    fieldPath = ".evaluation.every")
@ValidationRule(
    value = ExperimentSpec.NONCE_CHANGED + " || self.dataset == oldSelf.dataset",
    message = ExperimentSpec.IMMUTABLE,
    fieldPath = ".dataset",
    reason = "FieldValueForbidden")
@ValidationRule(
    value = ExperimentSpec.NONCE_CHANGED + " || self.model == oldSelf.model",
    message = ExperimentSpec.IMMUTABLE,
    fieldPath = ".model",
    reason = "FieldValueForbidden")
@ValidationRule(
    value =
        ExperimentSpec.NONCE_CHANGED
            + " || ("
            + "(has(self.storage) && has(self.storage.uri) ? self.storage.uri : '')"
            + " == (has(oldSelf.storage) && has(oldSelf.storage.uri) ? oldSelf.storage.uri : '')"
            + " && "
            + "(has(self.storage) && has(self.storage.endpoint) ? self.storage.endpoint : '')"
            + " == (has(oldSelf.storage) && has(oldSelf.storage.endpoint) ? oldSelf.storage.endpoint : '')"
            + " && "
            + "(has(self.storage) && has(self.storage.bucket) ? self.storage.bucket : '')"
            + " == (has(oldSelf.storage) && has(oldSelf.storage.bucket) ? oldSelf.storage.bucket : '')"
            + " && "
            + "(has(self.storage) && has(self.storage.prefix) ? self.storage.prefix : '')"
            + " == (has(oldSelf.storage) && has(oldSelf.storage.prefix) ? oldSelf.storage.prefix : '')"
            + ")",
    message =
        "uri, endpoint, bucket and prefix are immutable: change runPolicy.restartNonce as well to"
            + " start a new run",
    fieldPath = ".storage",
    reason = "FieldValueForbidden")
public class ExperimentSpec {

  /**
   * Whether an update changes runPolicy.restartNonce, which starts a new run and so allows the
   * immutable fields to change (docs/experiment-reference.md, "Immutable while training").
   */
  static final String NONCE_CHANGED =
      "(has(self.runPolicy) && has(self.runPolicy.restartNonce) ? self.runPolicy.restartNonce : '')"
          + " != (has(oldSelf.runPolicy) && has(oldSelf.runPolicy.restartNonce)"
          + " ? oldSelf.runPolicy.restartNonce : '')";

  static final String IMMUTABLE =
      "is immutable: change runPolicy.restartNonce as well to start a new run";

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

  @JsonPropertyDescription(
      "Serving the trained generator: a Deployment and a Service with a page and a JSON API.")
  private ServingSpec serving;

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

  public ServingSpec getServing() {
    return serving;
  }

  public void setServing(ServingSpec serving) {
    this.serving = serving;
  }
}
