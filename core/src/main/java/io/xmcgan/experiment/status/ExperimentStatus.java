package io.xmcgan.experiment.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The observed state of an XmcganExperiment, written whole by the operator on every change. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "observedGeneration",
  "phase",
  "message",
  "conditions",
  "progress",
  "checkpoint",
  "evaluation",
  "serving",
  "run",
  "previousRuns",
  "lastReconciledSpec"
})
public class ExperimentStatus {

  @JsonPropertyDescription(
      "metadata.generation this status describes, also when the spec is invalid.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Lifecycle phase: Pending, Preprocessing, Training, Evaluating, Suspended, Succeeded or"
          + " Failed.")
  private Phase phase;

  @JsonPropertyDescription("Human-readable summary of the current state.")
  private String message;

  @JsonPropertyDescription(
      "Ready, Reconciling, Stalled, Succeeded, Suspended, DataReady, CheckpointAvailable,"
          + " Evaluated, SpecApplied.")
  private List<Condition> conditions;

  @JsonPropertyDescription("Training progress.")
  private ProgressStatus progress;

  @JsonPropertyDescription("Latest complete checkpoint.")
  private CheckpointStatus checkpoint;

  @JsonPropertyDescription("FID and Inception Score results.")
  private EvaluationStatus evaluation;

  @JsonPropertyDescription("The generator's server (spec.serving): its URL and checkpoint step.")
  private ServingStatus serving;

  @JsonPropertyDescription(
      "The current run (one restartNonce): where it stores its objects, its attempts and failures.")
  private RunStatus run;

  @JsonPropertyDescription(
      "Earlier runs, oldest first: their objects stay in storage until the experiment is deleted.")
  private List<PreviousRun> previousRuns;

  @JsonPropertyDescription(
      "The spec the operator last acted on, as JSON: immutable fields are compared with it. Written"
          + " by the operator only.")
  private String lastReconciledSpec;

  /**
   * Sets a condition, adding it when absent (a new Condition object: the previous list and its
   * elements are left unchanged, so old and new status can be compared). lastTransitionTime changes
   * only when the status value changes, as Kubernetes API conventions require; reason, message and
   * observedGeneration always take the new values.
   *
   * @param now the time to record if the status changes, written in RFC 3339 at second precision
   */
  public void setCondition(
      ConditionType type,
      ConditionStatus status,
      String reason,
      String message,
      long observedGeneration,
      Instant now) {
    List<Condition> updated = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
    Optional<Condition> existing = find(updated, type);
    Condition condition = new Condition();
    condition.setType(type.name());
    condition.setStatus(status.name());
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setObservedGeneration(observedGeneration);
    condition.setLastTransitionTime(
        existing
            .filter(old -> Objects.equals(old.getStatus(), status.name()))
            .map(Condition::getLastTransitionTime)
            .orElseGet(
                () -> DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS))));
    existing.ifPresentOrElse(
        old -> updated.set(updated.indexOf(old), condition), () -> updated.add(condition));
    conditions = updated;
  }

  /** The condition of a type, if set. */
  public Optional<Condition> findCondition(ConditionType type) {
    return conditions == null ? Optional.empty() : find(conditions, type);
  }

  /** Whether the condition of a type is set with this status. */
  public boolean hasCondition(ConditionType type, ConditionStatus status) {
    return findCondition(type).map(c -> status.name().equals(c.getStatus())).orElse(false);
  }

  /** Whether the condition of a type is set with status True. */
  public boolean isConditionTrue(ConditionType type) {
    return hasCondition(type, ConditionStatus.True);
  }

  private static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
    return conditions.stream().filter(c -> type.name().equals(c.getType())).findFirst();
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public ProgressStatus getProgress() {
    return progress;
  }

  public void setProgress(ProgressStatus progress) {
    this.progress = progress;
  }

  public CheckpointStatus getCheckpoint() {
    return checkpoint;
  }

  public void setCheckpoint(CheckpointStatus checkpoint) {
    this.checkpoint = checkpoint;
  }

  public EvaluationStatus getEvaluation() {
    return evaluation;
  }

  public void setEvaluation(EvaluationStatus evaluation) {
    this.evaluation = evaluation;
  }

  public ServingStatus getServing() {
    return serving;
  }

  public void setServing(ServingStatus serving) {
    this.serving = serving;
  }

  public RunStatus getRun() {
    return run;
  }

  public void setRun(RunStatus run) {
    this.run = run;
  }

  public List<PreviousRun> getPreviousRuns() {
    return previousRuns;
  }

  public void setPreviousRuns(List<PreviousRun> previousRuns) {
    this.previousRuns = previousRuns;
  }

  public String getLastReconciledSpec() {
    return lastReconciledSpec;
  }

  public void setLastReconciledSpec(String lastReconciledSpec) {
    this.lastReconciledSpec = lastReconciledSpec;
  }
}
