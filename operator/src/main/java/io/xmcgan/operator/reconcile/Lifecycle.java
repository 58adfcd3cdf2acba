package io.xmcgan.operator.reconcile;

import io.xmcgan.dataset.DataReadiness;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.events.EventRecorder.Type;
import io.xmcgan.operator.observe.Attempt;
import io.xmcgan.operator.observe.AttemptState;
import io.xmcgan.operator.observe.Children;
import io.xmcgan.operator.observe.FailureKind;
import io.xmcgan.operator.observe.StartupProblem;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.observe.Termination;
import io.xmcgan.operator.reconcile.LifecycleInput.Previous;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.stage.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The experiment's state machine as a pure function of what was observed: Pending → Preprocessing
 * (skipped when the data is complete in storage) → Training (with the evaluator beside it) →
 * Evaluating → Succeeded, any stage → Failed. It never talks to the cluster, so every transition is
 * testable on its own (LifecycleTest); the {@link PlanExecutor} carries out the {@link Plan}.
 *
 * <p>Every stage is retried the same way (docs/experiment-reference.md, spec.runPolicy): an
 * interrupted attempt (preempted, evicted, deleted) at once and without counting; a crash after a
 * backoff, failing the experiment beyond backoffLimit; a temporary failure (exit 75) after a
 * backoff, making it Stalled but never Failed; exit 2 and 78 fail it. A stage's next Job starts
 * only once every pod of its earlier Jobs has finished, so two pods of a stage never run at once.
 */
public final class Lifecycle {

  private Lifecycle() {}

  /** The outcome of one stage's step, from which the phase follows. */
  private enum StageState {
    /** A Job was created in this reconcile. */
    STARTED,
    RUNNING,
    WAITING_FOR_CAPACITY,
    WAITING_FOR_PODS,
    RETRY_SCHEDULED,
    SUCCEEDED,
    FAILED
  }

  public static Plan decide(LifecycleInput in) {
    Plan plan = new Plan();
    Previous previous = in.previous();
    Children children = in.children();
    for (Stage stage : Stage.values()) {
      plan.counters(
          stage,
          previous.counters(stage).observe(children.of(stage), children.highestAttempt(stage)));
    }
    plan.active(previous.activeSeconds(), previous.activeSince().orElse(null));
    for (String stale : children.staleJobs()) {
      plan.remove(stale, "it belongs to an earlier run");
    }
    in.runChange()
        .ifPresent(
            change ->
                plan.event(
                    Type.Normal,
                    Reason.RunStarted,
                    "spec.runPolicy.restartNonce changed to '"
                        + change.restartNonce()
                        + "': run "
                        + change.toRun()
                        + " starts from scratch under "
                        + change.storageUri()
                        + "; run "
                        + change.fromRun()
                        + " and its objects are kept"));
    for (Attempt attempt : children.active()) {
      if (!attempt.specHash().isEmpty() && !attempt.specHash().equals(in.specHash())) {
        plan.deferred(attempt.name());
      }
    }
    Phase phase = previous.phase();
    if (phase != null && phase.isFinal()) {
      return finished(in, plan);
    }
    long active = activeTime(in, plan);
    if (in.policy().suspend()) {
      return suspended(in, plan);
    }
    if (phase == Phase.Suspended) {
      plan.event(
          Type.Normal,
          Reason.Resumed,
          "Resumed at generation "
              + in.generation()
              + "; training continues from the latest checkpoint");
    }
    if (deadlineExceeded(in, plan, active)) {
      return failed(in, plan);
    }
    boolean dataDone = in.storage().dataComplete() || plan.counters(Stage.TRAIN).attempts() > 0;
    if (!dataDone) {
      if (in.storage().data().isEmpty()) {
        // Storage could not be read: nothing can be decided; keep the status and look again.
        plan.phase(phase == null ? Phase.Pending : phase, previous.message());
        plan.requeue(in.timings().pollInterval());
        return plan;
      }
      return preprocess(in, plan);
    }
    Optional<Attempt> training = children.latest(Stage.TRAIN);
    if (training.map(a -> a.state() != AttemptState.SUCCEEDED).orElse(true)) {
      return train(in, plan);
    }
    Optional<Attempt> evaluation = children.latest(Stage.EVALUATE);
    if (evaluation.map(a -> a.state() != AttemptState.SUCCEEDED).orElse(true)) {
      if (step(in, plan, Stage.EVALUATE, "Evaluating the final checkpoints") == StageState.FAILED) {
        return failed(in, plan);
      }
      plan.phase(Phase.Evaluating, "Evaluating the final checkpoints");
      plan.requeue(in.timings().pollInterval());
      return plan;
    }
    plan.phase(Phase.Succeeded, "Training and evaluation finished");
    plan.event(
        Type.Normal,
        Reason.Succeeded,
        "Training and evaluation finished (generation " + in.generation() + ")");
    ttl(in, in.now(), plan);
    return plan;
  }

  /**
   * Succeeded and Failed are final until restartNonce changes: the phase and its message come from
   * the Succeeded condition, so a refused edit in between (an invalid spec) leaves no trace once it
   * is reverted.
   */
  private static Plan finished(LifecycleInput in, Plan plan) {
    Previous previous = in.previous();
    plan.phase(
        previous.phase(),
        previous.outcome().map(LifecycleInput.Outcome::message).orElse(previous.message()));
    previous
        .outcome()
        .filter(o -> !o.succeeded())
        .ifPresent(o -> plan.fail(null, o.reason(), o.message()));
    for (Attempt attempt : in.children().active()) {
      plan.remove(attempt.name(), "the experiment has finished");
    }
    ttl(in, previous.finishedAt().orElse(in.now()), plan);
    return plan;
  }

  private static void ttl(LifecycleInput in, Instant finishedAt, Plan plan) {
    Long ttl = in.policy().ttlSecondsAfterFinished();
    if (ttl == null) {
      return;
    }
    Instant expiry = finishedAt.plusSeconds(ttl);
    if (!in.now().isBefore(expiry)) {
      for (Attempt attempt : in.children().attempts()) {
        plan.remove(attempt.name(), "ttlSecondsAfterFinished=" + ttl + " has passed");
      }
    } else {
      plan.requeue(Duration.between(in.now(), expiry));
    }
  }

  private static Plan suspended(LifecycleInput in, Plan plan) {
    List<Attempt> active = in.children().active();
    for (Attempt attempt : active) {
      plan.remove(attempt.name(), "the experiment is suspended");
    }
    if (in.previous().phase() != Phase.Suspended) {
      plan.event(
          Type.Normal,
          Reason.Suspended,
          "Suspended at generation "
              + in.generation()
              + ": deleted "
              + active.size()
              + " running Job(s); storage is kept");
    }
    plan.phase(
        Phase.Suspended,
        "Suspended; set spec.runPolicy.suspend to false to resume from the latest checkpoint");
    return plan;
  }

  private static Plan failed(LifecycleInput in, Plan plan) {
    Plan.Failure failure = plan.failure().orElseThrow();
    for (Attempt attempt : in.children().active()) {
      plan.remove(attempt.name(), "the experiment failed");
    }
    plan.phase(Phase.Failed, failure.message());
    plan.event(Type.Warning, failure.reason(), failure.message());
    return plan;
  }

  /**
   * Seconds a stage pod of the run has been running, counted by the operator: a stretch starts at
   * the first reconcile that sees a running pod and ends at the first that sees none. Time waiting
   * for capacity or suspended is not in it.
   */
  private static long activeTime(LifecycleInput in, Plan plan) {
    boolean running = in.children().attempts().stream().anyMatch(Attempt::running);
    Previous previous = in.previous();
    long seconds = previous.activeSeconds();
    Optional<Instant> since = previous.activeSince();
    if (running) {
      Instant start = since.orElse(in.now());
      plan.active(seconds, start);
      return seconds + Duration.between(start, in.now()).toSeconds();
    }
    long total = seconds + since.map(s -> Duration.between(s, in.now()).toSeconds()).orElse(0L);
    plan.active(total, null);
    return total;
  }

  private static boolean deadlineExceeded(LifecycleInput in, Plan plan, long activeSeconds) {
    Long deadline = in.policy().activeDeadlineSeconds();
    if (deadline == null) {
      return false;
    }
    if (activeSeconds < deadline) {
      if (plan.activeSince().isPresent()) {
        plan.requeue(Duration.ofSeconds(deadline - activeSeconds));
      }
      return false;
    }
    plan.fail(
        null,
        Reason.DeadlineExceeded,
        "The experiment's pods ran for "
            + activeSeconds
            + "s, longer than spec.runPolicy.activeDeadlineSeconds="
            + deadline);
    return true;
  }

  private static Plan preprocess(LifecycleInput in, Plan plan) {
    DataReadiness.Readiness data = in.storage().data().orElseThrow();
    Optional<Attempt> latest = in.children().latest(Stage.PREPROCESS);
    if (latest.map(a -> a.state() == AttemptState.SUCCEEDED).orElse(false)) {
      plan.fail(
          Stage.PREPROCESS,
          Reason.DataIncomplete,
          "Preprocessing Job "
              + latest.get().name()
              + " succeeded but the dataset in storage is incomplete: "
              + data.detail());
      return failed(in, plan);
    }
    String progress =
        "Preprocessing: "
            + data.shardsReady()
            + " of "
            + data.shardsExpected()
            + " shards ready (train and validation)";
    StageState state =
        step(
            in,
            plan,
            Stage.PREPROCESS,
            "Preprocessing "
                + in.policy().shards()
                + " shards with up to "
                + in.policy().parallelism()
                + " pods");
    if (state == StageState.FAILED) {
      return failed(in, plan);
    }
    phase(plan, state, Phase.Preprocessing, progress);
    plan.requeue(in.timings().pollInterval());
    return plan;
  }

  private static Plan train(LifecycleInput in, Plan plan) {
    StageState state = step(in, plan, Stage.TRAIN, "Training started");
    if (state == StageState.FAILED) {
      return failed(in, plan);
    }
    Optional<Plan.Waiting> trainingWaits = plan.waiting();
    if (in.policy().continuousEvaluation()
        && step(in, plan, Stage.EVALUATE, "Evaluator started beside training")
            == StageState.FAILED) {
      return failed(in, plan);
    }
    // Training's own waiting reason wins over the evaluator's.
    trainingWaits.ifPresent(w -> plan.waiting(w.stage(), w.reason(), w.message()));
    phase(plan, state, Phase.Training, trainingMessage(in));
    plan.requeue(in.timings().pollInterval());
    return plan;
  }

  /** A stage waiting for capacity shows as Pending (the cluster, not the experiment, is busy). */
  private static void phase(Plan plan, StageState state, Phase running, String message) {
    if (state == StageState.WAITING_FOR_CAPACITY) {
      plan.phase(Phase.Pending, plan.waiting().orElseThrow().message());
    } else if (state == StageState.WAITING_FOR_PODS) {
      plan.phase(running, message + "; " + plan.waiting().orElseThrow().message());
    } else {
      plan.phase(running, message);
    }
  }

  /**
   * One step of a stage that has not succeeded: watch its running Job, or decide whether and when
   * the next Job starts.
   */
  private static StageState step(LifecycleInput in, Plan plan, Stage stage, String startedMessage) {
    Optional<Attempt> latest = in.children().latest(stage);
    if (latest.map(Attempt::active).orElse(false)) {
      if (stage == Stage.TRAIN) {
        plan.trainingHealthy(latest.get().running());
      }
      if (!latest.get().running()) {
        stalledByTemporaryFailures(in, plan, stage, "the next attempt has not started yet");
      }
      return startup(in, plan, latest.get());
    }
    if (latest.map(a -> a.state() == AttemptState.SUCCEEDED).orElse(false)) {
      return StageState.SUCCEEDED;
    }
    // Only the stage's newest attempt is judged: when a later one was deleted (suspend, a user),
    // its predecessor's failure has been acted on already.
    Optional<Attempt> failed =
        latest.filter(
            a ->
                a.state() == AttemptState.FAILED
                    && a.attempt() == plan.counters(stage).attempts() - 1);
    if (failed.isPresent()) {
      Optional<StageState> verdict = judge(in, plan, failed.get());
      if (verdict.isPresent()) {
        return verdict.get();
      }
    }
    List<String> leftovers = in.children().leftoverPods(stage);
    int attempt = plan.counters(stage).attempts();
    if (!leftovers.isEmpty()) {
      plan.waiting(
          stage,
          Reason.WaitingForPodsToTerminate,
          "waiting for pod(s) "
              + String.join(", ", leftovers)
              + " of an earlier "
              + stage.label()
              + " Job to terminate before attempt "
              + attempt
              + " starts");
      plan.requeue(in.timings().pollInterval());
      return StageState.WAITING_FOR_PODS;
    }
    if (failed.isEmpty()) {
      plan.launch(
          stage,
          attempt,
          started(stage),
          startedMessage + " (attempt " + attempt + ")",
          Optional.empty());
      return StageState.STARTED;
    }
    Attempt previous = failed.get();
    FailureKind kind = StageCounters.kind(previous);
    plan.launch(
        stage,
        attempt,
        restarted(stage),
        detail(previous)
            + " ("
            + describe(kind)
            + "); starting attempt "
            + attempt
            + (stage == Stage.TRAIN ? " from the latest checkpoint" : "")
            + " ("
            + plan.counters(stage).crashes()
            + " crash(es) of at most "
            + crashBudget(in, stage)
            + ")",
        Optional.of(restarted(stage)));
    return StageState.STARTED;
  }

  /**
   * What a failed attempt means: the experiment fails (permanent exit codes, too many crashes), or
   * the next attempt waits for its backoff; empty when it may start now.
   */
  private static Optional<StageState> judge(LifecycleInput in, Plan plan, Attempt attempt) {
    Stage stage = attempt.stage();
    String detail = detail(attempt);
    StageCounters counters = plan.counters(stage);
    switch (StageCounters.kind(attempt)) {
      case INVALID_INPUT -> {
        plan.fail(stage, Reason.InvalidInput, stage.title() + " failed permanently: " + detail);
        return Optional.of(StageState.FAILED);
      }
      case NO_GPU_VISIBLE -> {
        plan.fail(
            stage,
            Reason.NoGpuVisible,
            stage.title() + " cannot run: the pod sees fewer GPUs than it asked for: " + detail);
        return Optional.of(StageState.FAILED);
      }
      case CRASH -> {
        if (counters.crashes() > crashBudget(in, stage)) {
          plan.fail(
              stage,
              Reason.BackoffLimitExceeded,
              stage.title()
                  + " crashed "
                  + counters.crashes()
                  + " time(s), more than "
                  + (stage == Stage.PREPROCESS
                      ? "its shards' retries (spec.runPolicy.backoffLimit="
                          + in.policy().backoffLimit()
                          + " per shard)"
                      : "spec.runPolicy.backoffLimit=" + in.policy().backoffLimit())
                  + "; last: "
                  + detail);
          return Optional.of(StageState.FAILED);
        }
      }
      case TEMPORARY -> stalledByTemporaryFailures(in, plan, stage, "last: " + detail);
      case INTERRUPTED -> {
        // Preempted or evicted: the next attempt starts at once and waits for capacity.
        return Optional.empty();
      }
    }
    Instant retryAt = attempt.created().plus(retryDelay(in, counters));
    if (in.now().isBefore(retryAt)) {
      plan.requeue(Duration.between(in.now(), retryAt));
      return Optional.of(StageState.RETRY_SCHEDULED);
    }
    return Optional.empty();
  }

  /**
   * More than backoffLimit temporary failures in a row make the experiment Stalled, never Failed:
   * until the stage's next attempt has a running pod, which may make progress again.
   */
  private static void stalledByTemporaryFailures(
      LifecycleInput in, Plan plan, Stage stage, String detail) {
    StageCounters counters = plan.counters(stage);
    if (counters.consecutiveTemporaryFailures() > in.policy().backoffLimit()) {
      plan.retrying(
          stage,
          Reason.TemporaryFailures,
          stage.title()
              + " failed "
              + counters.consecutiveTemporaryFailures()
              + " times in a row with a temporary error (exit 75), more than"
              + " spec.runPolicy.backoffLimit="
              + in.policy().backoffLimit()
              + "; still retrying every "
              + retryDelay(in, counters).toSeconds()
              + "s at most; "
              + detail);
    }
  }

  /**
   * Crashes a stage may have. The preprocessing Job retries every shard backoffLimit times itself
   * ({@code backoffLimitPerIndex}), so once it fails from crashes there is nothing left to retry.
   */
  private static int crashBudget(LifecycleInput in, Stage stage) {
    return stage == Stage.PREPROCESS ? 0 : in.policy().backoffLimit();
  }

  /**
   * The base delay, doubled for every crash and temporary failure in a row, at most the maximum.
   */
  private static Duration retryDelay(LifecycleInput in, StageCounters counters) {
    int failures = Math.max(1, counters.crashes() + counters.consecutiveTemporaryFailures());
    Duration delay = in.timings().retryBaseDelay().multipliedBy(1L << Math.min(failures - 1, 20));
    return delay.compareTo(in.timings().retryMaxDelay()) > 0 ? in.timings().retryMaxDelay() : delay;
  }

  /**
   * A running Job whose pods do not start. A stage's first attempt fails after
   * startupDeadlineSeconds with the cause (wrong image, missing Secret, no node with the GPUs). A
   * later attempt, or a Job held by a queue, waits for capacity instead, at most
   * capacityWaitSeconds when set: shown as Pending while its pod cannot be scheduled or the queue
   * holds it; a Job whose pod is not created yet is not known to wait for anything.
   */
  private static StageState startup(LifecycleInput in, Plan plan, Attempt attempt) {
    Optional<StartupProblem> found = attempt.startupProblem();
    if (found.isEmpty()) {
      return StageState.RUNNING;
    }
    StartupProblem problem = found.get();
    Stage stage = attempt.stage();
    boolean later = attempt.attempt() > 0;
    if (problem.waitsForCapacity() && (later || problem.queued())) {
      Long limit = later ? in.policy().capacityWaitSeconds() : null;
      if (limit != null) {
        Instant expiry = problem.since().plusSeconds(limit);
        if (!in.now().isBefore(expiry)) {
          plan.fail(
              stage,
              Reason.CapacityWaitExceeded,
              problem.message()
                  + " for more than spec.runPolicy.capacityWaitSeconds="
                  + limit
                  + "s");
          return StageState.FAILED;
        }
        plan.requeue(Duration.between(in.now(), expiry));
      }
      if (!problem.unschedulable()) {
        // A Job whose pod has not been created yet is not known to wait for capacity.
        return StageState.RUNNING;
      }
      plan.waiting(
          stage,
          Reason.WaitingForCapacity,
          "Waiting for capacity to run "
              + stage.label()
              + " attempt "
              + attempt.attempt()
              + ": "
              + problem.message());
      return StageState.WAITING_FOR_CAPACITY;
    }
    Long deadline = in.policy().startupDeadlineSeconds();
    if (deadline == null) {
      return StageState.RUNNING;
    }
    Instant expiry = problem.since().plusSeconds(deadline);
    if (in.now().isBefore(expiry)) {
      plan.requeue(Duration.between(in.now(), expiry));
      return StageState.RUNNING;
    }
    plan.fail(
        stage,
        problem.reason(),
        problem.message()
            + " for more than spec.runPolicy.startupDeadlineSeconds="
            + deadline
            + "s");
    return StageState.FAILED;
  }

  private static String detail(Attempt attempt) {
    return attempt
        .termination()
        .map(Termination::describe)
        .orElse(
            "Job "
                + attempt.name()
                + " failed"
                + attempt.jobFailureReason().map(r -> " (" + r + ")").orElse(""));
  }

  private static String describe(FailureKind kind) {
    return switch (kind) {
      case CRASH -> "a crash";
      case TEMPORARY -> "a temporary failure";
      case INTERRUPTED -> "an interruption, not counted";
      case INVALID_INPUT, NO_GPU_VISIBLE -> "a permanent failure";
    };
  }

  private static Reason started(Stage stage) {
    return switch (stage) {
      case PREPROCESS -> Reason.PreprocessingStarted;
      case TRAIN -> Reason.TrainingStarted;
      case EVALUATE -> Reason.EvaluationStarted;
    };
  }

  private static Reason restarted(Stage stage) {
    return switch (stage) {
      case PREPROCESS -> Reason.PreprocessingRestarted;
      case TRAIN -> Reason.TrainingRestarted;
      case EVALUATE -> Reason.EvaluationRestarted;
    };
  }

  private static String trainingMessage(LifecycleInput in) {
    StorageSnapshot storage = in.storage();
    if (storage.progress().isPresent()) {
      return "Training: step "
          + storage.progress().get().step()
          + " of "
          + storage.progress().get().totalSteps();
    }
    if (storage.error().isPresent() && in.previous().phase() == Phase.Training) {
      return in.previous().message();
    }
    return "Training: waiting for the first progress report";
  }
}
