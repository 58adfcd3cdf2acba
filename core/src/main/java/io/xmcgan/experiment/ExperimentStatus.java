package io.xmcgan.experiment;

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
  "evaluation"
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
          + " Evaluated.")
  private List<Condition> conditions;

  @JsonPropertyDescription("Training progress.")
  private ProgressStatus progress;

  @JsonPropertyDescription("Latest complete checkpoint.")
  private CheckpointStatus checkpoint;

  @JsonPropertyDescription("FID and Inception Score results.")
  private EvaluationStatus evaluation;

  /**
   * Sets a condition, adding it when absent (a new Condition object: the previous list and its
   * elements are left unchanged, so old and new status can be compared). lastTransitionTime changes
   * only when the status value changes, as Kubernetes API conventions require; reason, message and
   * observedGeneration always take the new values.
   *
   * @param status "True", "False" or "Unknown"
   * @param now the time to record if the status changes, written in RFC 3339 at second precision
   */
  public void setCondition(
      String type,
      String status,
      String reason,
      String message,
      long observedGeneration,
      Instant now) {
    List<Condition> updated = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
    Optional<Condition> existing = find(updated, type);
    Condition condition = new Condition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setObservedGeneration(observedGeneration);
    condition.setLastTransitionTime(
        existing
            .filter(old -> Objects.equals(old.getStatus(), status))
            .map(Condition::getLastTransitionTime)
            .orElseGet(
                () -> DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS))));
    existing.ifPresentOrElse(
        old -> updated.set(updated.indexOf(old), condition), () -> updated.add(condition));
    conditions = updated;
  }

  /** The condition of a type, if set. */
  public Optional<Condition> findCondition(String type) {
    return conditions == null ? Optional.empty() : find(conditions, type);
  }

  /** Whether the condition of a type is set with status "True". */
  public boolean isConditionTrue(String type) {
    return findCondition(type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
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
}
