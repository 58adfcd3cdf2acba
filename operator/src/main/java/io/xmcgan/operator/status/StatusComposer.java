package io.xmcgan.operator.status;

import io.xmcgan.experiment.CheckpointStatus;
import io.xmcgan.experiment.ConditionStatus;
import io.xmcgan.experiment.ConditionType;
import io.xmcgan.experiment.EvaluationResult;
import io.xmcgan.experiment.EvaluationStatus;
import io.xmcgan.experiment.ExperimentJson;
import io.xmcgan.experiment.ExperimentStatus;
import io.xmcgan.experiment.Phase;
import io.xmcgan.experiment.ProgressStatus;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.reconcile.Plan;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Builds the complete status of one reconcile from the previous status, the plan and what storage
 * showed. Values storage could not provide this time are carried over, so a storage outage never
 * blanks the status.
 */
public final class StatusComposer {

  public static final ConditionStatus TRUE = ConditionStatus.True;
  public static final ConditionStatus FALSE = ConditionStatus.False;
  public static final ConditionStatus UNKNOWN = ConditionStatus.Unknown;
  private static final ConditionType READY = ConditionType.Ready;
  private static final ConditionType RECONCILING = ConditionType.Reconciling;
  private static final ConditionType STALLED = ConditionType.Stalled;
  private static final ConditionType SUCCEEDED = ConditionType.Succeeded;
  private static final ConditionType SUSPENDED = ConditionType.Suspended;
  private static final ConditionType DATA_READY = ConditionType.DataReady;
  private static final ConditionType CHECKPOINT_AVAILABLE = ConditionType.CheckpointAvailable;
  private static final ConditionType EVALUATED = ConditionType.Evaluated;
  public static final String REASON_STORAGE_UNAVAILABLE = "StorageUnavailable";

  private StatusComposer() {}

  /** A deep copy, so the previous status stays untouched for comparison. */
  public static ExperimentStatus copy(ExperimentStatus status) {
    if (status == null) {
      return new ExperimentStatus();
    }
    return ExperimentJson.json().convertValue(status, ExperimentStatus.class);
  }

  /**
   * @param stalled set when the spec is refused (invalid, immutable field changed): reason and
   *     message of the Stalled condition, overriding the plan's
   * @param totalSteps spec.training.steps
   * @param imagesPerStep images one training step consumes (for the ETA when progress.json has no
   *     steps per second)
   * @param restoredFrom the checkpoint a training pod launched in this reconcile resumes from
   */
  public static ExperimentStatus compose(
      ExperimentStatus previous,
      long generation,
      Plan plan,
      StorageSnapshot storage,
      Optional<Plan.Failure> stalled,
      long totalSteps,
      long imagesPerStep,
      Optional<String> restoredFrom,
      Instant now) {
    ExperimentStatus status = copy(previous);
    status.setObservedGeneration(generation);
    status.setPhase(plan.phase());
    status.setMessage(stalled.map(Plan.Failure::message).orElse(plan.message()));
    progress(status, storage, totalSteps, imagesPerStep);
    checkpoint(status, storage, plan, restoredFrom);
    evaluation(status, storage, plan);
    conditions(status, generation, plan, storage, stalled, now);
    return status;
  }

  private static void progress(
      ExperimentStatus status, StorageSnapshot storage, long totalSteps, long imagesPerStep) {
    if (storage.progress().isEmpty()) {
      if (status.getProgress() == null) {
        ProgressStatus empty = new ProgressStatus();
        empty.setStep(0L);
        empty.setTotalSteps(totalSteps);
        empty.setPercent(0.0);
        status.setProgress(empty);
      }
      return;
    }
    StorageSnapshot.Progress reported = storage.progress().get();
    long total = reported.totalSteps() > 0 ? reported.totalSteps() : totalSteps;
    ProgressStatus progress = new ProgressStatus();
    progress.setStep(reported.step());
    progress.setTotalSteps(total);
    progress.setPercent(total == 0 ? 0.0 : Math.round(1000.0 * reported.step() / total) / 10.0);
    progress.setImagesPerSecond(Math.round(reported.imagesPerSecond() * 100.0) / 100.0);
    double stepsPerSecond =
        reported.stepsPerSecond() > 0
            ? reported.stepsPerSecond()
            : reported.imagesPerSecond() / Math.max(1, imagesPerStep);
    if (reported.etaSeconds() != null) {
      progress.setEtaSeconds(reported.etaSeconds());
    } else if (stepsPerSecond > 0 && reported.step() < total) {
      progress.setEtaSeconds(Math.round((total - reported.step()) / stepsPerSecond));
    } else if (reported.step() >= total) {
      progress.setEtaSeconds(0L);
    }
    if (reported.updatedAt() != null) {
      progress.setLastUpdate(rfc3339(reported.updatedAt()));
    }
    progress.setLosses(reported.losses().isEmpty() ? null : reported.losses());
    status.setProgress(progress);
  }

  private static void checkpoint(
      ExperimentStatus status, StorageSnapshot storage, Plan plan, Optional<String> restoredFrom) {
    CheckpointStatus checkpoint =
        status.getCheckpoint() == null ? new CheckpointStatus() : status.getCheckpoint();
    if (storage.error().isEmpty()) {
      checkpoint.setStep(
          storage.checkpoint().map(StorageSnapshot.CheckpointRef::step).orElse(null));
      checkpoint.setUri(storage.checkpoint().map(StorageSnapshot.CheckpointRef::uri).orElse(null));
      checkpoint.setCount(storage.checkpointCount());
    }
    restoredFrom.ifPresent(checkpoint::setRestoredFrom);
    if (plan.isResetForRestart()) {
      checkpoint.setRestoredFrom(null);
    }
    checkpoint.setRestarts(plan.restarts());
    status.setCheckpoint(checkpoint);
  }

  private static void evaluation(ExperimentStatus status, StorageSnapshot storage, Plan plan) {
    EvaluationStatus evaluation =
        status.getEvaluation() == null || plan.isResetForRestart()
            ? new EvaluationStatus()
            : status.getEvaluation();
    for (StorageSnapshot.Metric metric : storage.metrics()) {
      EvaluationResult result = new EvaluationResult();
      result.setStep(metric.step());
      result.setFid(metric.fid());
      result.setInceptionScore(metric.inceptionScore());
      evaluation.record(result);
    }
    status.setEvaluation(evaluation.getLatest() == null ? null : evaluation);
  }

  private static void conditions(
      ExperimentStatus status,
      long generation,
      Plan plan,
      StorageSnapshot storage,
      Optional<Plan.Failure> stalled,
      Instant now) {
    Phase phase = plan.phase();
    Optional<Plan.Failure> stall = stalled.or(plan::failure);
    if (stall.isPresent()) {
      status.setCondition(
          STALLED, TRUE, stall.get().reason(), stall.get().message(), generation, now);
    } else {
      status.setCondition(STALLED, FALSE, "AsExpected", "Nothing blocks progress", generation, now);
    }

    boolean ready =
        (phase == Phase.Training && plan.trainingHealthy())
            || phase == Phase.Evaluating
            || phase == Phase.Succeeded;
    status.setCondition(
        READY,
        ready ? TRUE : FALSE,
        ready ? (phase == Phase.Training ? "TrainingRunning" : "TrainingFinished") : phase.name(),
        ready ? "Training is healthy or finished" : plan.message(),
        generation,
        now);

    boolean active =
        phase == Phase.Pending
            || phase == Phase.Preprocessing
            || phase == Phase.Training
            || phase == Phase.Evaluating;
    if (storage.error().isPresent()) {
      status.setCondition(
          RECONCILING,
          active ? TRUE : FALSE,
          REASON_STORAGE_UNAVAILABLE,
          storage.error().get(),
          generation,
          now);
    } else {
      status.setCondition(
          RECONCILING,
          active ? TRUE : FALSE,
          active ? phase.name() : "Idle",
          active ? plan.message() : "No stage is running",
          generation,
          now);
    }

    if (phase == Phase.Succeeded) {
      status.setCondition(SUCCEEDED, TRUE, "Succeeded", plan.message(), generation, now);
    } else if (phase == Phase.Failed) {
      Plan.Failure failure = plan.failure().orElse(new Plan.Failure("", "Failed", plan.message()));
      status.setCondition(SUCCEEDED, FALSE, failure.reason(), failure.message(), generation, now);
    } else {
      status.setCondition(
          SUCCEEDED, UNKNOWN, "Running", "The experiment has not finished", generation, now);
    }

    status.setCondition(
        SUSPENDED,
        phase == Phase.Suspended ? TRUE : FALSE,
        phase == Phase.Suspended ? "Suspended" : "NotSuspended",
        phase == Phase.Suspended ? "spec.runPolicy.suspend is true" : "The experiment may run",
        generation,
        now);

    storage
        .data()
        .ifPresent(
            data -> {
              boolean done =
                  data.complete() || phase == Phase.Training || phase == Phase.Evaluating;
              status.setCondition(
                  DATA_READY,
                  done ? TRUE : FALSE,
                  done ? "DatasetComplete" : "DatasetIncomplete",
                  data.detail(),
                  generation,
                  now);
            });
    if (status.findCondition(DATA_READY).isEmpty()) {
      status.setCondition(DATA_READY, UNKNOWN, "Unknown", "Storage not read yet", generation, now);
    }

    if (storage.error().isEmpty()) {
      status.setCondition(
          CHECKPOINT_AVAILABLE,
          storage.checkpoint().isPresent() ? TRUE : FALSE,
          storage.checkpoint().isPresent() ? "CheckpointFound" : "NoCheckpoint",
          storage
              .checkpoint()
              .map(c -> "Step " + c.step() + " at " + c.uri())
              .orElse("No complete checkpoint yet"),
          generation,
          now);
    } else if (status.findCondition(CHECKPOINT_AVAILABLE).isEmpty()) {
      status.setCondition(
          CHECKPOINT_AVAILABLE, UNKNOWN, "Unknown", "Storage not read yet", generation, now);
    }

    EvaluationStatus evaluation = status.getEvaluation();
    if (evaluation != null && evaluation.getLatest() != null) {
      EvaluationResult latest = evaluation.getLatest();
      EvaluationResult best = evaluation.getBest();
      status.setCondition(
          EVALUATED,
          TRUE,
          phase == Phase.Succeeded ? "AllCheckpointsEvaluated" : "MetricsAvailable",
          "Latest FID "
              + latest.getFid()
              + " at step "
              + latest.getStep()
              + (best == null ? "" : "; best FID " + best.getFid() + " at step " + best.getStep()),
          generation,
          now);
    } else {
      status.setCondition(
          EVALUATED, FALSE, "NoMetrics", "No checkpoint evaluated yet", generation, now);
    }
    // Conditions that must keep their observedGeneration current even when their value is kept.
    status.getConditions().forEach(c -> c.setObservedGeneration(generation));
  }

  static String rfc3339(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
