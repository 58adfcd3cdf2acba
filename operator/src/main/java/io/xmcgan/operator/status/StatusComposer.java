package io.xmcgan.operator.status;

import static io.xmcgan.experiment.status.ConditionType.CheckpointAvailable;
import static io.xmcgan.experiment.status.ConditionType.DataReady;
import static io.xmcgan.experiment.status.ConditionType.Evaluated;
import static io.xmcgan.experiment.status.ConditionType.Ready;
import static io.xmcgan.experiment.status.ConditionType.Reconciling;
import static io.xmcgan.experiment.status.ConditionType.SpecApplied;
import static io.xmcgan.experiment.status.ConditionType.Stalled;
import static io.xmcgan.experiment.status.ConditionType.Succeeded;
import static io.xmcgan.experiment.status.ConditionType.Suspended;

import io.fabric8.kubernetes.api.model.Condition;
import io.xmcgan.experiment.manifest.ExperimentJson;
import io.xmcgan.experiment.status.CheckpointStatus;
import io.xmcgan.experiment.status.ConditionStatus;
import io.xmcgan.experiment.status.ConditionType;
import io.xmcgan.experiment.status.EvaluationResult;
import io.xmcgan.experiment.status.EvaluationStatus;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.experiment.status.PreviousRun;
import io.xmcgan.experiment.status.ProgressStatus;
import io.xmcgan.experiment.status.RunStatus;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.reconcile.Plan;
import io.xmcgan.operator.reconcile.SpecCheck;
import io.xmcgan.stage.Stage;
import io.xmcgan.storage.files.ProgressReport;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Builds the complete status of one reconcile: from the plan (accepted spec), for a refused spec,
 * or for a reconcile that failed. Values storage could not provide this time are carried over, so a
 * storage outage never blanks the status.
 */
public final class StatusComposer {

  private StatusComposer() {}

  private static final int MAX_MESSAGE = 1024;

  /** A deep copy, so the previous status stays untouched for comparison. */
  public static ExperimentStatus copy(ExperimentStatus status) {
    if (status == null) {
      return new ExperimentStatus();
    }
    return ExperimentJson.json().convertValue(status, ExperimentStatus.class);
  }

  /** Whether two statuses have the same content. */
  public static boolean same(ExperimentStatus a, ExperimentStatus b) {
    return ExperimentJson.json().valueToTree(a).equals(ExperimentJson.json().valueToTree(b));
  }

  /** A message short enough for a condition: its first {@value #MAX_MESSAGE} characters. */
  public static String truncate(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
  }

  /**
   * The status after a reconcile that acted on {@code spec}.
   *
   * @param restoredFrom the checkpoint a training Job created in this reconcile resumes from
   */
  public static ExperimentStatus compose(
      ExperimentStatus previous,
      long generation,
      SpecCheck.Accepted spec,
      Plan plan,
      StorageSnapshot storage,
      Optional<String> restoredFrom,
      Instant now) {
    ExperimentStatus status = copy(previous);
    run(status, spec, plan, now);
    status.setLastReconciledSpec(spec.json());
    status.setObservedGeneration(generation);
    status.setPhase(plan.phase());
    status.setMessage(spec.refusal().map(Plan.Failure::message).orElse(plan.message()));
    progress(status, storage, spec);
    checkpoint(status, storage, plan, restoredFrom);
    evaluation(status, storage);
    conditions(status, generation, plan, storage, spec.refusal(), now);
    stalledFirst(status);
    return status;
  }

  /**
   * The status while the spec is invalid: everything else stays as it was, Stalled says why and the
   * operator waits for a fixed spec.
   */
  public static ExperimentStatus refused(
      ExperimentStatus previous, long generation, Reason reason, String message, Instant now) {
    ExperimentStatus status = copy(previous);
    status.setObservedGeneration(generation);
    if (status.getPhase() == null) {
      status.setPhase(Phase.Pending);
    }
    status.setMessage("The spec is invalid: " + message.replace('\n', ';'));
    set(status, Stalled, true, reason, message, generation, now);
    set(status, Reconciling, false, reason, "Waiting for a valid spec", generation, now);
    status.getConditions().forEach(c -> c.setObservedGeneration(generation));
    stalledFirst(status);
    return status;
  }

  /**
   * The status after a reconcile that threw (the API server refused a Job, was unreachable, …):
   * Reconciling says so while it is retried; once the retries are used up, Stalled does.
   *
   * @param attempt the failed attempt's number (1 for the first)
   * @param gaveUp the retries are used up; the next attempt comes after {@code retryAfter}
   */
  public static ExperimentStatus failedReconcile(
      ExperimentStatus previous,
      long generation,
      String error,
      int attempt,
      boolean gaveUp,
      String retryAfter,
      Instant now) {
    ExperimentStatus status = copy(previous);
    if (status.getPhase() == null) {
      status.setPhase(Phase.Pending);
    }
    String message = "reconcile attempt " + attempt + " failed: " + error;
    set(status, Reconciling, true, Reason.ReconcileError, message, generation, now);
    if (gaveUp) {
      set(
          status,
          Stalled,
          true,
          Reason.ReconcileFailed,
          message + "; trying again every " + retryAfter,
          generation,
          now);
    }
    stalledFirst(status);
    return status;
  }

  /**
   * kstatus (Flux, kpt, cli-utils' pkg/kstatus/status/generic.go) reads the conditions in list
   * order and decides on the first of Reconciling and Stalled that is True: Stalled goes first, so
   * an experiment that is stalled while still reconciling reads as Failed, not InProgress
   * (docs/experiment-reference.md, "GitOps").
   */
  private static void stalledFirst(ExperimentStatus status) {
    List<Condition> ordered = new ArrayList<>(status.getConditions());
    ordered.sort(Comparator.comparing(c -> !Stalled.name().equals(c.getType())));
    status.setConditions(ordered);
  }

  /**
   * The run section: a new run archives the previous one (its objects stay in storage) and starts
   * with empty progress, checkpoint and evaluation.
   */
  private static void run(
      ExperimentStatus status, SpecCheck.Accepted spec, Plan plan, Instant now) {
    RunStatus run = status.getRun();
    if (run != null && !spec.runId().equals(run.getId())) {
      PreviousRun archived = new PreviousRun();
      archived.setId(run.getId());
      archived.setRestartNonce(run.getRestartNonce());
      archived.setStorageUri(run.getStorageUri());
      archived.setEndpoint(run.getEndpoint());
      archived.setStartedAt(run.getStartedAt());
      archived.setEndedAt(rfc3339(now));
      archived.setPhase(status.getPhase());
      archived.setCheckpointStep(
          status.getCheckpoint() == null ? null : status.getCheckpoint().getStep());
      List<PreviousRun> previousRuns =
          status.getPreviousRuns() == null
              ? new ArrayList<>()
              : new ArrayList<>(status.getPreviousRuns());
      previousRuns.add(archived);
      status.setPreviousRuns(previousRuns);
      status.setProgress(null);
      status.setCheckpoint(null);
      status.setEvaluation(null);
      run = null;
    }
    if (run == null) {
      run = new RunStatus();
      run.setId(spec.runId());
      run.setRestartNonce(spec.restartNonce().isEmpty() ? null : spec.restartNonce());
      run.setStartedAt(rfc3339(now));
    }
    run.setStorageUri(spec.resolved().storage().experimentUri());
    run.setEndpoint(spec.resolved().storage().endpoint());
    run.setActiveSeconds(plan.activeSeconds());
    run.setActiveSince(plan.activeSince().map(StatusComposer::rfc3339).orElse(null));
    run.setPreprocess(plan.counters(Stage.PREPROCESS).toStatus());
    run.setTrain(plan.counters(Stage.TRAIN).toStatus());
    run.setEvaluate(plan.counters(Stage.EVALUATE).toStatus());
    status.setRun(run);
  }

  private static void progress(
      ExperimentStatus status, StorageSnapshot storage, SpecCheck.Accepted spec) {
    long totalSteps = spec.resolved().training().steps();
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
    ProgressReport reported = storage.progress().get();
    long total = reported.totalSteps() > 0 ? reported.totalSteps() : totalSteps;
    ProgressStatus progress = new ProgressStatus();
    progress.setStep(reported.step());
    progress.setTotalSteps(total);
    progress.setPercent(total == 0 ? 0.0 : Math.round(1000.0 * reported.step() / total) / 10.0);
    progress.setImagesPerSecond(Math.round(reported.imagesPerSecond() * 100.0) / 100.0);
    long imagesPerStep = Math.max(1, spec.resolved().training().batchSize());
    double stepsPerSecond =
        reported.stepsPerSecond() > 0
            ? reported.stepsPerSecond()
            : reported.imagesPerSecond() / imagesPerStep;
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
    checkpoint.setRestarts(plan.counters(Stage.TRAIN).restarts());
    status.setCheckpoint(checkpoint);
  }

  private static void evaluation(ExperimentStatus status, StorageSnapshot storage) {
    EvaluationStatus evaluation =
        status.getEvaluation() == null ? new EvaluationStatus() : status.getEvaluation();
    for (StorageSnapshot.Metric metric : storage.metrics()) {
      EvaluationResult result = new EvaluationResult();
      result.setStep(metric.step());
      result.setFid(metric.fid());
      result.setInceptionScore(metric.inceptionScore());
      result.setCaptionFollowing(metric.captionFollowing());
      evaluation.record(result);
    }
    status.setEvaluation(evaluation.getLatest() == null ? null : evaluation);
  }

  private static void conditions(
      ExperimentStatus status,
      long generation,
      Plan plan,
      StorageSnapshot storage,
      Optional<Plan.Failure> refusal,
      Instant now) {
    Phase phase = plan.phase();
    Optional<Plan.Failure> stall = refusal.or(plan::failure).or(plan::retrying);
    if (stall.isPresent()) {
      set(status, Stalled, true, stall.get().reason(), stall.get().message(), generation, now);
    } else {
      set(status, Stalled, false, Reason.AsExpected, "Nothing blocks progress", generation, now);
    }

    boolean ready =
        (phase == Phase.Training && plan.trainingHealthy())
            || phase == Phase.Evaluating
            || phase == Phase.Succeeded;
    Optional<Plan.Waiting> waiting = plan.waiting();
    if (ready) {
      set(
          status,
          Ready,
          true,
          phase == Phase.Training ? Reason.TrainingRunning : Reason.TrainingFinished,
          "Training is healthy or finished",
          generation,
          now);
    } else {
      set(
          status,
          Ready,
          false,
          waiting.map(Plan.Waiting::reason).orElse(Reason.of(phase)),
          waiting.map(Plan.Waiting::message).orElse(plan.message()),
          generation,
          now);
    }

    boolean active =
        phase == Phase.Pending
            || phase == Phase.Preprocessing
            || phase == Phase.Training
            || phase == Phase.Evaluating;
    if (storage.error().isPresent()) {
      set(
          status,
          Reconciling,
          active,
          Reason.StorageUnavailable,
          storage.error().get(),
          generation,
          now);
    } else if (active && waiting.isPresent()) {
      set(
          status,
          Reconciling,
          true,
          waiting.get().reason(),
          waiting.get().message(),
          generation,
          now);
    } else {
      set(
          status,
          Reconciling,
          active,
          active ? Reason.of(phase) : Reason.Idle,
          active ? plan.message() : "No stage is running",
          generation,
          now);
    }

    if (phase == Phase.Succeeded) {
      set(
          status,
          Succeeded,
          ConditionStatus.True,
          Reason.Succeeded,
          plan.message(),
          generation,
          now);
    } else if (phase == Phase.Failed) {
      Plan.Failure failure =
          plan.failure().orElse(new Plan.Failure(null, Reason.Failed, plan.message()));
      set(
          status,
          Succeeded,
          ConditionStatus.False,
          failure.reason(),
          failure.message(),
          generation,
          now);
    } else {
      set(
          status,
          Succeeded,
          ConditionStatus.Unknown,
          Reason.Running,
          "The experiment has not finished",
          generation,
          now);
    }

    boolean suspended = phase == Phase.Suspended;
    set(
        status,
        Suspended,
        suspended,
        suspended ? Reason.Suspended : Reason.NotSuspended,
        suspended ? "spec.runPolicy.suspend is true" : "The experiment may run",
        generation,
        now);

    storage
        .data()
        .ifPresent(
            data -> {
              boolean done =
                  data.complete() || phase == Phase.Training || phase == Phase.Evaluating;
              set(
                  status,
                  DataReady,
                  done,
                  done ? Reason.DatasetComplete : Reason.DatasetIncomplete,
                  data.detail(),
                  generation,
                  now);
            });
    if (status.findCondition(DataReady).isEmpty()) {
      set(
          status,
          DataReady,
          ConditionStatus.Unknown,
          Reason.NotObserved,
          "Storage not read yet",
          generation,
          now);
    }

    if (storage.error().isEmpty()) {
      set(
          status,
          CheckpointAvailable,
          storage.checkpoint().isPresent(),
          storage.checkpoint().isPresent() ? Reason.CheckpointFound : Reason.NoCheckpoint,
          storage
              .checkpoint()
              .map(c -> "Step " + c.step() + " at " + c.uri())
              .orElse("No complete checkpoint yet"),
          generation,
          now);
    } else if (status.findCondition(CheckpointAvailable).isEmpty()) {
      set(
          status,
          CheckpointAvailable,
          ConditionStatus.Unknown,
          Reason.NotObserved,
          "Storage not read yet",
          generation,
          now);
    }

    EvaluationStatus evaluation = status.getEvaluation();
    if (evaluation != null && evaluation.getLatest() != null) {
      EvaluationResult latest = evaluation.getLatest();
      EvaluationResult best = evaluation.getBest();
      set(
          status,
          Evaluated,
          true,
          phase == Phase.Succeeded ? Reason.AllCheckpointsEvaluated : Reason.MetricsAvailable,
          "Latest FID "
              + latest.getFid()
              + " at step "
              + latest.getStep()
              + (best == null ? "" : "; best FID " + best.getFid() + " at step " + best.getStep()),
          generation,
          now);
    } else {
      set(
          status,
          Evaluated,
          false,
          Reason.NoMetrics,
          "No checkpoint evaluated yet",
          generation,
          now);
    }

    if (plan.deferred().isEmpty()) {
      set(
          status,
          SpecApplied,
          true,
          Reason.Applied,
          "Every running Job runs the current spec",
          generation,
          now);
    } else {
      set(
          status,
          SpecApplied,
          false,
          Reason.DeferredToNextAttempt,
          "Job(s) "
              + String.join(", ", plan.deferred())
              + " started with an earlier spec and keep it; the change applies when their stage's"
              + " next attempt starts (suspend and resume to apply it now)",
          generation,
          now);
    }
    // Conditions that must keep their observedGeneration current even when their value is kept.
    status.getConditions().forEach(c -> c.setObservedGeneration(generation));
  }

  private static void set(
      ExperimentStatus status,
      ConditionType type,
      boolean value,
      Reason reason,
      String message,
      long generation,
      Instant now) {
    set(status, type, ConditionStatus.of(value), reason, message, generation, now);
  }

  private static void set(
      ExperimentStatus status,
      ConditionType type,
      ConditionStatus value,
      Reason reason,
      String message,
      long generation,
      Instant now) {
    status.setCondition(type, value, reason.name(), message, generation, now);
  }

  static String rfc3339(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
