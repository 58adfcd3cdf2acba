package io.xmcgan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.dataset.DataReadiness;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.events.EventRecorder;
import io.xmcgan.operator.observe.Attempt;
import io.xmcgan.operator.observe.AttemptState;
import io.xmcgan.operator.observe.Children;
import io.xmcgan.operator.observe.StartupProblem;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.observe.Termination;
import io.xmcgan.operator.reconcile.LifecycleInput.Outcome;
import io.xmcgan.operator.reconcile.LifecycleInput.Previous;
import io.xmcgan.operator.reconcile.LifecycleInput.RunChange;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.stage.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The experiment's state machine, one row per transition: what was observed → what the plan says.
 * {@link Lifecycle#decide} is a pure function, so every row runs in microseconds. The rows marked
 * with an issue item are the disruptions that used to lose work or fail an experiment by accident.
 */
class LifecycleTest {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void decides(String transition, Given given, Consumer<Plan> expected) {
    expected.accept(Lifecycle.decide(given.input()));
  }

  static Stream<Arguments> transitions() {
    return Stream.of(
        // Preprocessing
        row(
            "a new experiment without data starts preprocessing",
            given().phase(null).data(false),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Preprocessing);
              assertLaunches(plan, Stage.PREPROCESS + "-0");
              assertEvents(plan, Reason.PreprocessingStarted);
            }),
        row(
            "storage that cannot be read decides nothing and keeps the phase",
            given().phase(Phase.Pending).storage(StorageSnapshot.unavailable("connection refused")),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Pending);
              assertThat(plan.launches()).isEmpty();
              assertThat(plan.requeueAfter()).isPresent();
            }),
        row(
            "a running preprocessing Job is watched",
            given().phase(Phase.Preprocessing).data(false).job(pre(0).running()),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Preprocessing);
              assertThat(plan.launches()).isEmpty();
            }),
        row(
            "preprocessing that succeeded with incomplete data fails",
            given().phase(Phase.Preprocessing).data(false).job(pre(0).succeeded()),
            plan -> assertFailed(plan, Reason.DataIncomplete)),
        row(
            "preprocessing that exits 2 fails",
            given().phase(Phase.Preprocessing).data(false).job(pre(0).failed(exit(2))),
            plan -> assertFailed(plan, Reason.InvalidInput)),
        row(
            "preprocessing that crashed used up every shard's retries and fails",
            given().phase(Phase.Preprocessing).data(false).job(pre(0).failed(exit(1))),
            plan -> assertFailed(plan, Reason.BackoffLimitExceeded)),
        row(
            "item 7: preprocessing that failed with exit 75 is started again, not failed",
            given().phase(Phase.Preprocessing).data(false).job(pre(0).failed(exit(75))),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Preprocessing);
              assertLaunches(plan, Stage.PREPROCESS + "-1");
              assertEvents(plan, Reason.PreprocessingRestarted);
              assertThat(plan.counters(Stage.PREPROCESS).temporaryFailures()).isEqualTo(1);
            }),
        row(
            "item 3: preprocessing that was evicted is started again",
            given().phase(Phase.Preprocessing).data(false).job(pre(0).failed(evicted(137))),
            plan -> {
              assertLaunches(plan, Stage.PREPROCESS + "-1");
              assertThat(plan.counters(Stage.PREPROCESS).interruptions()).isEqualTo(1);
            }),

        // Training
        row(
            "complete data starts training with the evaluator beside it",
            given().phase(Phase.Pending),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Training);
              assertLaunches(plan, Stage.TRAIN + "-0", Stage.EVALUATE + "-0");
              assertEvents(plan, Reason.TrainingStarted, Reason.EvaluationStarted);
            }),
        row(
            "without continuous evaluation only the trainer starts",
            given().phase(Phase.Pending).policy(p -> policy(p, false)),
            plan -> assertLaunches(plan, Stage.TRAIN + "-0")),
        row(
            "a running trainer is healthy",
            given().job(train(0).running()).job(eval(0).running()),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Training);
              assertThat(plan.trainingHealthy()).isTrue();
              assertThat(plan.launches()).isEmpty();
              assertThat(plan.failure()).isEmpty();
            }),
        row(
            "a crash is retried from the latest checkpoint and counted",
            given().job(train(0).failed(exit(1))).job(eval(0).running()),
            plan -> {
              assertLaunches(plan, Stage.TRAIN + "-1");
              assertEvents(plan, Reason.TrainingRestarted);
              assertThat(plan.counters(Stage.TRAIN).crashes()).isEqualTo(1);
              assertThat(plan.counters(Stage.TRAIN).restarts()).isEqualTo(1);
            }),
        row(
            "a crash waits for its backoff",
            given()
                .retryBaseDelay(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMinutes(1))
                .job(train(0).failed(exit(1)).createdAgo(Duration.ofSeconds(4))),
            plan -> {
              assertThat(plan.launches())
                  .extracting(Plan.Launch::stage)
                  .doesNotContain(Stage.TRAIN);
              assertThat(plan.requeueAfter()).contains(Duration.ofSeconds(6));
            }),
        row(
            "crashes beyond backoffLimit fail the experiment and stop the evaluator",
            given()
                .policy(p -> backoff(p, 1))
                .job(train(0).failed(exit(1)))
                .job(train(1).failed(exit(1)))
                .job(eval(0).running()),
            plan -> {
              assertFailed(plan, Reason.BackoffLimitExceeded);
              assertThat(plan.removals()).extracting(Plan.Removal::jobName).contains("eval-0");
            }),
        row(
            "exit 2 fails training at once",
            given().job(train(0).failed(exit(2))),
            plan -> assertFailed(plan, Reason.InvalidInput)),
        row(
            "exit 78 (no GPU visible) fails training at once",
            given().job(train(0).failed(exit(78))),
            plan -> assertFailed(plan, Reason.NoGpuVisible)),
        row(
            "item 3: a preempted trainer (DisruptionTarget, 137) resumes at once and is not a crash",
            given()
                .policy(p -> backoff(p, 0))
                .retryBaseDelay(Duration.ofMinutes(1))
                .job(train(0).failed(evicted(137)))
                .job(eval(0).running()),
            plan -> {
              assertThat(plan.failure()).isEmpty();
              assertLaunches(plan, Stage.TRAIN + "-1");
              assertThat(plan.counters(Stage.TRAIN).crashes()).isZero();
              assertThat(plan.counters(Stage.TRAIN).interruptions()).isEqualTo(1);
            }),
        row(
            "item 3: a trainer killed after its pod was deleted (137 after SIGTERM) is interrupted",
            given().policy(p -> backoff(p, 0)).job(train(0).failed(deleted(137))),
            plan -> {
              assertThat(plan.failure()).isEmpty();
              assertLaunches(plan, Stage.TRAIN + "-1", Stage.EVALUATE + "-0");
            }),
        row(
            "item 3: an OOMKilled trainer crashed, deleted or not",
            given().policy(p -> backoff(p, 0)).job(train(0).failed(oomKilled())),
            plan -> assertFailed(plan, Reason.BackoffLimitExceeded)),
        row(
            "item 4: a later attempt that cannot be scheduled waits for capacity, Pending",
            given()
                .job(train(0).failed(evicted(137)))
                .job(train(1).pending(Reason.Unschedulable, Duration.ofHours(2)))
                .job(eval(0).running()),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Pending);
              assertThat(plan.failure()).isEmpty();
              assertThat(plan.waiting())
                  .hasValueSatisfying(
                      w -> assertThat(w.reason()).isEqualTo(Reason.WaitingForCapacity));
            }),
        row(
            "item 4: a later attempt waits at most capacityWaitSeconds",
            given()
                .policy(p -> capacityWait(p, 3600L))
                .job(train(0).failed(evicted(137)))
                .job(train(1).pending(Reason.Unschedulable, Duration.ofHours(2))),
            plan -> assertFailed(plan, Reason.CapacityWaitExceeded)),
        row(
            "item 4: a later attempt whose Job has no pod yet is not failed by the startup deadline",
            given()
                .job(train(0).failed(evicted(137)))
                .job(train(1).pending(Reason.NoPodCreated, Duration.ofHours(2))),
            plan -> {
              assertThat(plan.failure()).isEmpty();
              assertThat(plan.phase()).isEqualTo(Phase.Training);
            }),
        row(
            "a first attempt that cannot be scheduled fails after startupDeadlineSeconds",
            given().job(train(0).pending(Reason.Unschedulable, Duration.ofSeconds(601))),
            plan -> assertFailed(plan, Reason.Unschedulable)),
        row(
            "a first attempt that cannot be scheduled is given startupDeadlineSeconds",
            given().job(train(0).pending(Reason.Unschedulable, Duration.ofSeconds(100))),
            plan -> {
              assertThat(plan.failure()).isEmpty();
              assertThat(plan.requeueAfter()).contains(Duration.ofSeconds(1));
            }),
        row(
            "a later attempt whose image cannot be pulled still fails after the startup deadline",
            given()
                .job(train(0).failed(exit(1)))
                .job(train(1).pending(Reason.ImagePullFailed, Duration.ofSeconds(601))),
            plan -> assertFailed(plan, Reason.ImagePullFailed)),
        row(
            "a Job held by its queue (Kueue) is Pending and never fails",
            given().job(train(0).pending(Reason.WaitingForCapacity, Duration.ofDays(3))),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Pending);
              assertThat(plan.failure()).isEmpty();
            }),
        row(
            "item 5: the next attempt waits until the pods of earlier Jobs are gone",
            given().job(train(0).failed(evicted(137))).leftover(Stage.TRAIN, "exp-train-0-abcde"),
            plan -> {
              assertThat(plan.launches())
                  .extracting(Plan.Launch::stage)
                  .doesNotContain(Stage.TRAIN);
              assertThat(plan.waiting())
                  .hasValueSatisfying(
                      w -> {
                        assertThat(w.reason()).isEqualTo(Reason.WaitingForPodsToTerminate);
                        assertThat(w.message()).contains("exp-train-0-abcde");
                      });
              assertThat(plan.phase()).isEqualTo(Phase.Training);
            }),
        row(
            "item 5: attempt numbers continue above Jobs that are gone (resume after suspend)",
            given()
                .phase(Phase.Suspended)
                .counters(Stage.TRAIN, new StageCounters(3, 3, 0, 0, 0, 0))
                .counters(Stage.EVALUATE, new StageCounters(2, 2, 0, 0, 0, 0)),
            plan -> {
              assertLaunches(plan, Stage.TRAIN + "-3", Stage.EVALUATE + "-2");
              assertEvents(plan, Reason.Resumed, Reason.TrainingStarted, Reason.EvaluationStarted);
            }),
        row(
            "item 5: a failure acted on before a later attempt was deleted is not acted on again",
            given()
                .phase(Phase.Suspended)
                .counters(Stage.TRAIN, new StageCounters(2, 1, 1, 0, 0, 0))
                .job(train(0).failed(exit(1))),
            plan -> {
              assertLaunches(plan, Stage.TRAIN + "-2", Stage.EVALUATE + "-0");
              assertEvents(plan, Reason.Resumed, Reason.TrainingStarted, Reason.EvaluationStarted);
              assertThat(plan.counters(Stage.TRAIN).crashes()).isEqualTo(1);
            }),
        row(
            "a failure is counted once: a repeated reconcile does not count it again",
            given()
                .retryBaseDelay(Duration.ofMinutes(1))
                .counters(Stage.TRAIN, new StageCounters(1, 1, 1, 0, 0, 0))
                .job(train(0).failed(exit(1)).createdAgo(Duration.ofSeconds(1))),
            plan -> assertThat(plan.counters(Stage.TRAIN).crashes()).isEqualTo(1)),
        row(
            "Jobs of another run are removed",
            given().stale("exp-train-0").job(train(0).running()),
            plan ->
                assertThat(plan.removals())
                    .extracting(Plan.Removal::jobName)
                    .containsExactly("exp-train-0")),
        row(
            "item 7: exit 75 is retried without failing",
            given().job(train(0).failed(exit(75))),
            plan -> {
              assertThat(plan.failure()).isEmpty();
              assertThat(plan.retrying()).isEmpty();
              assertLaunches(plan, Stage.TRAIN + "-1", Stage.EVALUATE + "-0");
            }),
        row(
            "item 7: exit 75 more than backoffLimit times in a row stalls, still retrying",
            given()
                .policy(p -> backoff(p, 1))
                .job(train(0).failed(exit(75)))
                .job(train(1).failed(exit(75))),
            plan -> {
              assertThat(plan.failure()).isEmpty();
              assertThat(plan.retrying())
                  .hasValueSatisfying(
                      r -> assertThat(r.reason()).isEqualTo(Reason.TemporaryFailures));
              assertThat(plan.phase()).isEqualTo(Phase.Training);
              assertLaunches(plan, Stage.TRAIN + "-2", Stage.EVALUATE + "-0");
            }),
        row(
            "item 7: after them, the experiment stays Stalled until the next attempt's pod runs",
            given()
                .policy(p -> backoff(p, 1))
                .job(train(0).failed(exit(75)))
                .job(train(1).failed(exit(75)))
                .job(train(2).pending(Reason.NoPodCreated, Duration.ofSeconds(3)))
                .job(eval(0).running()),
            plan -> {
              assertThat(plan.retrying())
                  .hasValueSatisfying(
                      r -> assertThat(r.reason()).isEqualTo(Reason.TemporaryFailures));
              assertThat(plan.launches()).isEmpty();
            }),
        row(
            "item 7: a running pod clears the stall (it may make progress)",
            given()
                .policy(p -> backoff(p, 1))
                .job(train(0).failed(exit(75)))
                .job(train(1).failed(exit(75)))
                .job(train(2).running())
                .job(eval(0).running()),
            plan -> assertThat(plan.retrying()).isEmpty()),
        row(
            "item 7: a success ends a run of temporary failures",
            given()
                .policy(p -> backoff(p, 1))
                .phase(Phase.Preprocessing)
                .data(false)
                .job(pre(0).failed(exit(75)))
                .job(pre(1).failed(exit(75)))
                .job(pre(2).running()),
            plan ->
                assertThat(plan.counters(Stage.PREPROCESS).consecutiveTemporaryFailures())
                    .isEqualTo(2)),
        row(
            "item 7: activeDeadlineSeconds counts the time pods ran",
            given()
                .policy(p -> deadline(p, 3600L))
                .active(3000, Optional.of(NOW.minusSeconds(700)))
                .job(train(0).running()),
            plan -> assertFailed(plan, Reason.DeadlineExceeded)),
        row(
            "item 7: time waiting for capacity or suspended is not counted",
            given()
                .policy(p -> deadline(p, 3600L))
                .active(3000, Optional.empty())
                .job(train(0).failed(evicted(137)))
                .job(train(1).pending(Reason.Unschedulable, Duration.ofHours(5))),
            plan -> {
              assertThat(plan.failure()).isEmpty();
              assertThat(plan.activeSeconds()).isEqualTo(3000);
              assertThat(plan.activeSince()).isEmpty();
            }),
        row(
            "a stretch of running ends when no pod runs any more",
            given().active(100, Optional.of(NOW.minusSeconds(50))).job(train(0).failed(exit(1))),
            plan -> {
              assertThat(plan.activeSeconds()).isEqualTo(150);
              assertThat(plan.activeSince()).isEmpty();
            }),

        // Evaluation and the end
        row(
            "after training the evaluator finishes the last checkpoints",
            given().job(train(0).succeeded()).job(eval(0).running()),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Evaluating);
              assertThat(plan.launches()).isEmpty();
            }),
        row(
            "after training without a continuous evaluator one starts",
            given().policy(p -> policy(p, false)).job(train(0).succeeded()),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Evaluating);
              assertLaunches(plan, Stage.EVALUATE + "-0");
            }),
        row(
            "a crashed evaluator is retried",
            given().job(train(0).running()).job(eval(0).failed(exit(1))),
            plan -> {
              assertLaunches(plan, Stage.EVALUATE + "-1");
              assertEvents(plan, Reason.EvaluationRestarted);
            }),
        row(
            "training and evaluation done: Succeeded",
            given().job(train(0).succeeded()).job(eval(0).succeeded()),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Succeeded);
              assertEvents(plan, Reason.Succeeded);
            }),
        row(
            "item 7: a Failed experiment shows its failure, not a refused edit made since",
            given()
                .phase(Phase.Failed)
                .message("The spec is invalid: spec.training.steps: must be >= 1, got 0")
                .outcome(new Outcome(false, Reason.InvalidInput, "Training failed permanently")),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Failed);
              assertThat(plan.message()).isEqualTo("Training failed permanently");
              assertThat(plan.failure())
                  .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.InvalidInput));
              assertThat(plan.events()).isEmpty();
            }),
        row(
            "a finished experiment stops what still runs and starts nothing",
            given()
                .phase(Phase.Succeeded)
                .outcome(new Outcome(true, Reason.Succeeded, "Training and evaluation finished"))
                .job(eval(1).running()),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Succeeded);
              assertThat(plan.launches()).isEmpty();
              assertThat(plan.removals()).extracting(Plan.Removal::jobName).contains("eval-1");
            }),
        row(
            "ttlSecondsAfterFinished deletes the finished experiment's Jobs",
            given()
                .phase(Phase.Succeeded)
                .outcome(new Outcome(true, Reason.Succeeded, "done"))
                .finishedAt(NOW.minusSeconds(120))
                .policy(p -> ttl(p, 60L))
                .job(train(0).succeeded()),
            plan ->
                assertThat(plan.removals()).extracting(Plan.Removal::jobName).contains("train-0")),

        // Suspend and resume
        row(
            "suspend deletes the running Jobs once and keeps storage",
            given().policy(p -> suspend(p)).job(train(0).running()).job(eval(0).running()),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Suspended);
              assertThat(plan.removals())
                  .extracting(Plan.Removal::jobName)
                  .containsExactly("train-0", "eval-0");
              assertEvents(plan, Reason.Suspended);
            }),
        row(
            "staying suspended publishes nothing new",
            given().phase(Phase.Suspended).policy(p -> suspend(p)),
            plan -> {
              assertThat(plan.phase()).isEqualTo(Phase.Suspended);
              assertThat(plan.events()).isEmpty();
            }),

        // Runs (restartNonce)
        row(
            "item 1: a new run starts from scratch and removes the old run's Jobs",
            given()
                .runChange(
                    new RunChange(
                        "0", "adce0df29d", "larger-model", "s3://b/x/ns/exp/runs/adce0df29d/"))
                .data(false)
                .stale("exp-train-3"),
            plan -> {
              assertEvents(plan, Reason.RunStarted, Reason.PreprocessingStarted);
              assertLaunches(plan, Stage.PREPROCESS + "-0");
              assertThat(plan.removals()).extracting(Plan.Removal::jobName).contains("exp-train-3");
            }),

        // Spec changes
        row(
            "item 8: a Job created with an earlier spec keeps it until its next attempt",
            given().job(train(0).running().specHash("old")).job(eval(0).running()),
            plan -> assertThat(plan.deferred()).containsExactly("train-0")));
  }

  // Expectations

  private static void assertLaunches(Plan plan, String... stageAttempts) {
    assertThat(plan.launches())
        .extracting(l -> l.stage() + "-" + l.attempt())
        .containsExactly(stageAttempts);
  }

  private static void assertEvents(Plan plan, Reason... reasons) {
    List<Reason> published = new ArrayList<>();
    plan.events().forEach(e -> published.add(e.reason()));
    plan.launches().forEach(l -> published.add(l.eventReason()));
    assertThat(published).containsExactlyInAnyOrder(reasons);
  }

  private static void assertFailed(Plan plan, Reason reason) {
    assertThat(plan.phase()).isEqualTo(Phase.Failed);
    assertThat(plan.failure()).hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(reason));
    assertThat(plan.launches()).isEmpty();
    assertThat(plan.events())
        .filteredOn(e -> e.type() == EventRecorder.Type.Warning)
        .extracting(Plan.Event::reason)
        .containsExactly(reason);
  }

  // Inputs

  private static Arguments row(String transition, Given given, Consumer<Plan> expected) {
    return Arguments.of(transition, given, expected);
  }

  static Given given() {
    return new Given();
  }

  static AttemptBuilder pre(int attempt) {
    return new AttemptBuilder(Stage.PREPROCESS, "pre-" + attempt, attempt);
  }

  static AttemptBuilder train(int attempt) {
    return new AttemptBuilder(Stage.TRAIN, "train-" + attempt, attempt);
  }

  static AttemptBuilder eval(int attempt) {
    return new AttemptBuilder(Stage.EVALUATE, "eval-" + attempt, attempt);
  }

  static Termination exit(int code) {
    return new Termination("pod", code, "Error", "", false);
  }

  /** Preempted or evicted: the pod has a DisruptionTarget condition. */
  static Termination evicted(int code) {
    return new Termination("pod", code, "Error", "", true);
  }

  /** Killed after its pod was deleted. */
  static Termination deleted(int code) {
    return new Termination("pod", code, "Error", "", true);
  }

  static Termination oomKilled() {
    return new Termination("pod", 137, "OOMKilled", "", false);
  }

  static RunPolicy policy(RunPolicy p, boolean continuous) {
    return new RunPolicy(
        p.suspend(),
        p.backoffLimit(),
        p.activeDeadlineSeconds(),
        p.startupDeadlineSeconds(),
        p.capacityWaitSeconds(),
        p.ttlSecondsAfterFinished(),
        continuous,
        p.shards(),
        p.parallelism());
  }

  static RunPolicy backoff(RunPolicy p, int limit) {
    return new RunPolicy(
        p.suspend(),
        limit,
        p.activeDeadlineSeconds(),
        p.startupDeadlineSeconds(),
        p.capacityWaitSeconds(),
        p.ttlSecondsAfterFinished(),
        p.continuousEvaluation(),
        p.shards(),
        p.parallelism());
  }

  static RunPolicy deadline(RunPolicy p, Long seconds) {
    return new RunPolicy(
        p.suspend(),
        p.backoffLimit(),
        seconds,
        p.startupDeadlineSeconds(),
        p.capacityWaitSeconds(),
        p.ttlSecondsAfterFinished(),
        p.continuousEvaluation(),
        p.shards(),
        p.parallelism());
  }

  static RunPolicy capacityWait(RunPolicy p, Long seconds) {
    return new RunPolicy(
        p.suspend(),
        p.backoffLimit(),
        p.activeDeadlineSeconds(),
        p.startupDeadlineSeconds(),
        seconds,
        p.ttlSecondsAfterFinished(),
        p.continuousEvaluation(),
        p.shards(),
        p.parallelism());
  }

  static RunPolicy ttl(RunPolicy p, Long seconds) {
    return new RunPolicy(
        p.suspend(),
        p.backoffLimit(),
        p.activeDeadlineSeconds(),
        p.startupDeadlineSeconds(),
        p.capacityWaitSeconds(),
        seconds,
        p.continuousEvaluation(),
        p.shards(),
        p.parallelism());
  }

  static RunPolicy suspend(RunPolicy p) {
    return new RunPolicy(
        true,
        p.backoffLimit(),
        p.activeDeadlineSeconds(),
        p.startupDeadlineSeconds(),
        p.capacityWaitSeconds(),
        p.ttlSecondsAfterFinished(),
        p.continuousEvaluation(),
        p.shards(),
        p.parallelism());
  }

  /** One Job as observed. */
  static final class AttemptBuilder {
    private final Stage stage;
    private final String name;
    private final int attempt;
    private AttemptState state = AttemptState.ACTIVE;
    private boolean running;
    private Termination termination;
    private StartupProblem problem;
    private Duration age = Duration.ofMinutes(10);
    private String specHash = Given.SPEC_HASH;

    AttemptBuilder(Stage stage, String name, int attempt) {
      this.stage = stage;
      this.name = name;
      this.attempt = attempt;
    }

    AttemptBuilder running() {
      running = true;
      return this;
    }

    AttemptBuilder succeeded() {
      state = AttemptState.SUCCEEDED;
      return this;
    }

    AttemptBuilder failed(Termination how) {
      state = AttemptState.FAILED;
      termination = how;
      return this;
    }

    /** A pod that has not started for {@code since}, for the given reason. */
    AttemptBuilder pending(Reason reason, Duration since) {
      problem = new StartupProblem(reason, "pod " + name + "-x: " + reason, NOW.minus(since));
      return this;
    }

    AttemptBuilder createdAgo(Duration age) {
      this.age = age;
      return this;
    }

    AttemptBuilder specHash(String hash) {
      specHash = hash;
      return this;
    }

    Attempt build() {
      return new Attempt(
          name,
          stage,
          attempt,
          state,
          NOW.minus(age),
          running,
          Optional.ofNullable(termination),
          Optional.ofNullable(problem),
          Optional.empty(),
          specHash);
    }
  }

  /** The observation and status one row starts from; defaults describe a training experiment. */
  static final class Given {
    static final String SPEC_HASH = "current";

    private RunPolicy policy = new RunPolicy(false, 3, null, 600L, null, null, true, 8, 4);
    private Phase phase = Phase.Training;
    private String message = "Training: step 10 of 1000";
    private Optional<Outcome> outcome = Optional.empty();
    private Optional<Instant> finishedAt = Optional.empty();
    private final Map<Stage, StageCounters> counters = new EnumMap<>(Stage.class);
    private long activeSeconds;
    private Optional<Instant> activeSince = Optional.empty();
    private Optional<RunChange> runChange = Optional.empty();
    private final List<AttemptBuilder> jobs = new ArrayList<>();
    private final List<String> stale = new ArrayList<>();
    private final Map<Stage, List<String>> leftovers = new HashMap<>();
    private StorageSnapshot storage = storage(true);
    private Duration retryBaseDelay = Duration.ZERO;
    private Duration pollInterval = Duration.ofSeconds(1);

    Given policy(UnaryOperator<RunPolicy> change) {
      policy = change.apply(policy);
      return this;
    }

    Given phase(Phase phase) {
      this.phase = phase;
      return this;
    }

    Given message(String message) {
      this.message = message;
      return this;
    }

    Given outcome(Outcome outcome) {
      this.outcome = Optional.of(outcome);
      return this;
    }

    Given finishedAt(Instant at) {
      finishedAt = Optional.of(at);
      return this;
    }

    Given counters(Stage stage, StageCounters value) {
      counters.put(stage, value);
      return this;
    }

    Given active(long seconds, Optional<Instant> since) {
      activeSeconds = seconds;
      activeSince = since;
      return this;
    }

    Given runChange(RunChange change) {
      runChange = Optional.of(change);
      phase = null;
      return this;
    }

    Given job(AttemptBuilder job) {
      jobs.add(job);
      return this;
    }

    Given stale(String jobName) {
      stale.add(jobName);
      return this;
    }

    Given leftover(Stage stage, String pod) {
      leftovers.computeIfAbsent(stage, s -> new ArrayList<>()).add(pod);
      return this;
    }

    Given data(boolean complete) {
      storage = storage(complete);
      return this;
    }

    Given storage(StorageSnapshot snapshot) {
      storage = snapshot;
      return this;
    }

    Given pollInterval(Duration interval) {
      pollInterval = interval;
      return this;
    }

    Given retryBaseDelay(Duration delay) {
      retryBaseDelay = delay;
      return this;
    }

    LifecycleInput input() {
      Map<Stage, Integer> highest = new EnumMap<>(Stage.class);
      List<Attempt> attempts = new ArrayList<>();
      for (AttemptBuilder job : jobs) {
        Attempt attempt = job.build();
        attempts.add(attempt);
        highest.merge(attempt.stage(), attempt.attempt(), Math::max);
      }
      return new LifecycleInput(
          policy,
          7,
          SPEC_HASH,
          new Previous(phase, message, outcome, finishedAt, counters, activeSeconds, activeSince),
          runChange,
          new Children(attempts, highest, stale, leftovers, Optional.empty()),
          storage,
          NOW,
          new LifecycleInput.Timings(pollInterval, retryBaseDelay, Duration.ofMinutes(5)));
    }

    private static StorageSnapshot storage(boolean complete) {
      return new StorageSnapshot(
          Optional.of(
              new DataReadiness.Readiness(
                  complete, complete ? 16 : 3, 16, complete ? "complete" : "3 of 16 shards")),
          Optional.empty(),
          Optional.empty(),
          0,
          List.of(),
          Optional.empty());
    }

    @Override
    public String toString() {
      return "given";
    }
  }
}
