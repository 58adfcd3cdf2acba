package io.xmcgan.operator.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.xmcgan.dataset.DataReadiness;
import io.xmcgan.experiment.Phase;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.operator.events.EventRecorder.Type;
import io.xmcgan.operator.observe.Attempt;
import io.xmcgan.operator.observe.AttemptState;
import io.xmcgan.operator.observe.Children;
import io.xmcgan.operator.observe.StartupProblem;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.observe.Termination;
import io.xmcgan.operator.workloads.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The experiment's state machine as a pure function of what was observed: Pending → Preprocessing
 * (skipped when the data is complete in storage) → Training (with the evaluator beside it) →
 * Evaluating → Succeeded, any stage → Failed. It never talks to the cluster, so every transition is
 * testable on its own; the reconciler carries out the {@link Plan}.
 */
public final class Lifecycle {

  public static final String REASON_INVALID_INPUT = "InvalidInput";
  public static final String REASON_BACKOFF = "BackoffLimitExceeded";
  public static final String REASON_DEADLINE = "DeadlineExceeded";
  public static final String REASON_DATA_INCOMPLETE = "DataIncomplete";
  public static final String REASON_NO_GPU_VISIBLE = "NoGpuVisible";

  private Lifecycle() {}

  public static Plan decide(LifecycleInput in) {
    Plan plan = new Plan();
    Children children = in.children();
    for (Job stale : children.staleJobs()) {
      plan.remove(stale.getMetadata().getName(), "it belongs to an earlier restartNonce");
    }
    plan.restarts(failedAttempts(children.of(Stage.TRAIN)));
    Phase previous = in.previousPhase();
    if (previous != null && previous.isFinal()) {
      return finished(in, plan);
    }
    if (in.policy().suspend()) {
      return suspended(in, plan);
    }
    if (previous == Phase.Suspended) {
      plan.event(Type.Normal, "Resumed", "Resumed; training continues from the latest checkpoint");
    }
    if (deadlineExceeded(in, plan)) {
      return failed(in, plan);
    }
    boolean dataDone = in.storage().dataComplete() || !children.of(Stage.TRAIN).isEmpty();
    if (!dataDone) {
      if (in.storage().data().isEmpty()) {
        // Storage could not be read: nothing can be decided; keep the status and look again.
        plan.phase(previous == null ? Phase.Pending : previous, in.previousMessage());
        plan.requeue(in.pollInterval());
        return plan;
      }
      preprocess(in, plan);
      return plan.failure().isPresent() ? failed(in, plan) : plan;
    }
    Optional<Attempt> training = children.latest(Stage.TRAIN);
    boolean trainingDone = training.map(a -> a.state() == AttemptState.SUCCEEDED).orElse(false);
    if (!trainingDone) {
      train(in, plan);
      if (plan.failure().isEmpty() && in.policy().continuousEvaluation()) {
        keepRunning(in, plan, Stage.EVALUATE, false);
      }
      return plan.failure().isPresent() ? failed(in, plan) : plan;
    }
    Optional<Attempt> evaluation = children.latest(Stage.EVALUATE);
    if (evaluation.map(a -> a.state() != AttemptState.SUCCEEDED).orElse(true)) {
      keepRunning(in, plan, Stage.EVALUATE, true);
      if (plan.failure().isPresent()) {
        return failed(in, plan);
      }
      plan.phase(Phase.Evaluating, "Evaluating the final checkpoints");
      plan.requeue(in.pollInterval());
      return plan;
    }
    plan.phase(Phase.Succeeded, "Training and evaluation finished");
    plan.event(Type.Normal, "Succeeded", "Experiment succeeded");
    ttl(in, in.now(), plan);
    return plan;
  }

  private static Plan finished(LifecycleInput in, Plan plan) {
    if (in.nonceChanged()) {
      plan.resetForRestart();
      plan.restarts(0);
      plan.phase(Phase.Pending, "Restarting: spec.runPolicy.restartNonce changed");
      plan.event(Type.Normal, "Restarting", "restartNonce changed: the experiment starts again");
      plan.requeue(Duration.ZERO);
      return plan;
    }
    plan.phase(in.previousPhase(), in.previousMessage());
    in.previousFailure().ifPresent(f -> plan.fail(f.stage(), f.reason(), f.message()));
    for (Attempt attempt : in.children().active()) {
      plan.remove(attempt.name(), "the experiment has finished");
    }
    ttl(in, in.finishedAt().orElse(in.now()), plan);
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
    if (in.previousPhase() != Phase.Suspended) {
      plan.event(
          Type.Normal,
          "Suspended",
          "Suspended: deleted " + active.size() + " running Job(s); storage is kept");
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

  private static boolean deadlineExceeded(LifecycleInput in, Plan plan) {
    Long deadline = in.policy().activeDeadlineSeconds();
    if (deadline == null) {
      return false;
    }
    Optional<Instant> started =
        in.children().attempts().stream().map(Attempt::created).min(Comparator.naturalOrder());
    if (started.isEmpty()) {
      return false;
    }
    Instant expiry = started.get().plusSeconds(deadline);
    if (in.now().isBefore(expiry)) {
      plan.requeue(Duration.between(in.now(), expiry));
      return false;
    }
    plan.fail(
        currentStage(in.children()),
        REASON_DEADLINE,
        "The experiment ran longer than spec.runPolicy.activeDeadlineSeconds=" + deadline);
    return true;
  }

  private static String currentStage(Children children) {
    return children.active().stream()
        .map(a -> a.stage().label())
        .reduce((a, b) -> b)
        .orElse("experiment");
  }

  private static void preprocess(LifecycleInput in, Plan plan) {
    DataReadiness.Readiness data = in.storage().data().orElseThrow();
    String progress =
        "Preprocessing: "
            + data.shardsReady()
            + " of "
            + data.shardsExpected()
            + " shards ready (train and validation)";
    Optional<Attempt> job = in.children().latest(Stage.PREPROCESS);
    plan.phase(Phase.Preprocessing, progress);
    plan.requeue(in.pollInterval());
    if (job.isEmpty()) {
      int attempt = in.children().nextAttempt(Stage.PREPROCESS);
      plan.launch(Stage.PREPROCESS, attempt);
      plan.event(
          Type.Normal,
          "PreprocessingStarted",
          "Preprocessing "
              + in.policy().shards()
              + " shards with up to "
              + in.policy().parallelism()
              + " pods");
      return;
    }
    Attempt attempt = job.get();
    switch (attempt.state()) {
      case ACTIVE -> checkStartup(in, plan, attempt);
      case FAILED -> {
        Optional<Termination> last = attempt.termination();
        String detail = last.map(t -> ": " + t.describe()).orElse("");
        if (last.map(t -> t.exitClass() == ExitCode.INVALID_INPUT).orElse(false)) {
          plan.fail(
              "preprocess", REASON_INVALID_INPUT, "Preprocessing failed permanently" + detail);
        } else if (attempt.jobFailureReason().filter("DeadlineExceeded"::equals).isPresent()) {
          plan.fail("preprocess", REASON_DEADLINE, "Preprocessing exceeded its deadline" + detail);
        } else {
          plan.fail(
              "preprocess",
              REASON_BACKOFF,
              "Preprocessing failed "
                  + attempt.failedPods()
                  + " time(s), more than spec.runPolicy.backoffLimit="
                  + in.policy().backoffLimit()
                  + detail);
        }
      }
      case SUCCEEDED ->
          plan.fail(
              "preprocess",
              REASON_DATA_INCOMPLETE,
              "Preprocessing Job "
                  + attempt.name()
                  + " succeeded but the dataset in storage is incomplete: "
                  + data.detail());
    }
  }

  private static void train(LifecycleInput in, Plan plan) {
    Optional<Attempt> latest = in.children().latest(Stage.TRAIN);
    plan.phase(Phase.Training, trainingMessage(in.storage()));
    plan.requeue(in.pollInterval());
    if (latest.isEmpty()) {
      plan.launch(Stage.TRAIN, in.children().nextAttempt(Stage.TRAIN));
      plan.event(Type.Normal, "TrainingStarted", "Training started");
      return;
    }
    Attempt attempt = latest.get();
    if (attempt.state() == AttemptState.ACTIVE) {
      plan.trainingHealthy(attempt.running());
      checkStartup(in, plan, attempt);
    } else if (attempt.state() == AttemptState.FAILED) {
      retryOrFail(in, plan, attempt);
    }
  }

  /**
   * Keeps one Job of a retried stage (the evaluator) running: starts it, checks its start-up and
   * retries it after failures. {@code final} marks the evaluation after training.
   */
  private static void keepRunning(
      LifecycleInput in, Plan plan, Stage stage, boolean afterTraining) {
    Optional<Attempt> latest = in.children().latest(stage);
    if (latest.isEmpty()) {
      plan.launch(stage, in.children().nextAttempt(stage));
      plan.event(
          Type.Normal,
          "EvaluationStarted",
          afterTraining ? "Evaluating the final checkpoints" : "Evaluator started beside training");
      return;
    }
    Attempt attempt = latest.get();
    if (attempt.state() == AttemptState.ACTIVE) {
      checkStartup(in, plan, attempt);
    } else if (attempt.state() == AttemptState.FAILED) {
      retryOrFail(in, plan, attempt);
    }
  }

  private static void retryOrFail(LifecycleInput in, Plan plan, Attempt attempt) {
    String stage = attempt.stage().label();
    String title = attempt.stage() == Stage.TRAIN ? "Training" : "Evaluation";
    Optional<Termination> last = attempt.termination();
    String detail = last.map(Termination::describe).orElse("Job " + attempt.name() + " failed");
    if (last.map(t -> t.exitClass() == ExitCode.NO_GPU_VISIBLE).orElse(false)) {
      plan.fail(
          stage,
          REASON_NO_GPU_VISIBLE,
          title + " cannot run: the pod sees fewer GPUs than it asked for: " + detail);
      return;
    }
    if (last.map(t -> t.exitClass() == ExitCode.INVALID_INPUT).orElse(false)) {
      plan.fail(stage, REASON_INVALID_INPUT, title + " failed permanently: " + detail);
      return;
    }
    if (attempt.jobFailureReason().filter("DeadlineExceeded"::equals).isPresent()) {
      plan.fail(stage, REASON_DEADLINE, title + " exceeded its deadline: " + detail);
      return;
    }
    List<Attempt> attempts = in.children().of(attempt.stage());
    int crashes =
        (int)
            attempts.stream()
                .filter(a -> a.state() == AttemptState.FAILED)
                .filter(
                    a -> a.termination().map(t -> t.exitClass() != ExitCode.TEMPORARY).orElse(true))
                .count();
    if (crashes > in.policy().backoffLimit()) {
      plan.fail(
          stage,
          REASON_BACKOFF,
          title
              + " failed "
              + crashes
              + " times, more than spec.runPolicy.backoffLimit="
              + in.policy().backoffLimit()
              + "; last: "
              + detail);
      return;
    }
    int failures = failedAttempts(attempts);
    Duration delay = retryDelay(in, failures);
    Instant retryAt = attempt.created().plus(delay);
    if (in.now().isBefore(retryAt)) {
      plan.requeue(Duration.between(in.now(), retryAt));
      return;
    }
    boolean temporary = last.map(t -> t.exitClass() == ExitCode.TEMPORARY).orElse(false);
    plan.launch(attempt.stage(), in.children().nextAttempt(attempt.stage()));
    plan.event(
        Type.Warning,
        title + "Restarted",
        detail
            + (temporary ? " (temporary failure)" : "")
            + "; restarting"
            + (attempt.stage() == Stage.TRAIN ? " from the latest checkpoint" : "")
            + " (failure "
            + crashes
            + " of at most "
            + in.policy().backoffLimit()
            + " retried)");
  }

  private static Duration retryDelay(LifecycleInput in, int failures) {
    Duration delay = in.retryBaseDelay().multipliedBy(1L << Math.min(failures - 1, 20));
    return delay.compareTo(in.retryMaxDelay()) > 0 ? in.retryMaxDelay() : delay;
  }

  private static void checkStartup(LifecycleInput in, Plan plan, Attempt attempt) {
    Long deadline = in.policy().startupDeadlineSeconds();
    Optional<StartupProblem> problem = attempt.startupProblem();
    if (deadline == null || problem.isEmpty()) {
      return;
    }
    Instant expiry = problem.get().since().plusSeconds(deadline);
    if (in.now().isBefore(expiry)) {
      plan.requeue(Duration.between(in.now(), expiry));
      return;
    }
    plan.fail(
        attempt.stage().label(),
        problem.get().reason(),
        problem.get().message()
            + " for more than spec.runPolicy.startupDeadlineSeconds="
            + deadline
            + "s");
  }

  private static String trainingMessage(StorageSnapshot storage) {
    return storage
        .progress()
        .map(p -> "Training: step " + p.step() + " of " + p.totalSteps())
        .orElse("Training: waiting for the first progress report");
  }

  private static int failedAttempts(List<Attempt> attempts) {
    return (int) attempts.stream().filter(a -> a.state() == AttemptState.FAILED).count();
  }
}
