package io.xmcgan.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.xmcgan.experiment.status.ConditionStatus;
import io.xmcgan.experiment.status.ConditionType;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.RunStatus;
import io.xmcgan.operator.OperatorConfig;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.reconcile.LifecycleInput.Outcome;
import io.xmcgan.operator.reconcile.LifecycleInput.Previous;
import io.xmcgan.operator.reconcile.LifecycleInput.RunChange;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.stage.Stage;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Builds the {@link LifecycleInput} of one reconcile from the observation and the status. */
final class Inputs {

  private Inputs() {}

  static LifecycleInput of(
      Observation seen,
      SpecCheck.Accepted spec,
      StorageSnapshot storage,
      OperatorConfig config,
      Instant now) {
    ExperimentStatus status = seen.previous();
    Optional<String> statusRun = seen.statusRun();
    boolean runChanged = statusRun.isPresent() && !statusRun.get().equals(spec.runId());
    Optional<RunChange> change =
        runChanged
            ? Optional.of(
                new RunChange(
                    statusRun.get(),
                    spec.runId(),
                    spec.restartNonce(),
                    spec.resolved().storage().experimentUri()))
            : Optional.empty();
    return new LifecycleInput(
        RunPolicy.of(spec.resolved()),
        seen.generation(),
        spec.hash(),
        runChanged ? Previous.FRESH : previous(status),
        change,
        seen.children(spec.runId()),
        storage,
        now,
        new LifecycleInput.Timings(
            config.pollInterval(), config.retryBaseDelay(), config.retryMaxDelay()));
  }

  private static Previous previous(ExperimentStatus status) {
    RunStatus run = status.getRun() == null ? new RunStatus() : status.getRun();
    Map<Stage, StageCounters> counters = new EnumMap<>(Stage.class);
    counters.put(Stage.PREPROCESS, StageCounters.of(run.getPreprocess()));
    counters.put(Stage.TRAIN, StageCounters.of(run.getTrain()));
    counters.put(Stage.EVALUATE, StageCounters.of(run.getEvaluate()));
    Optional<Condition> finished =
        status
            .findCondition(ConditionType.Succeeded)
            .filter(c -> !ConditionStatus.Unknown.name().equals(c.getStatus()));
    Optional<Outcome> outcome =
        finished
            .filter(c -> status.getPhase() != null && status.getPhase().isFinal())
            .map(
                c -> {
                  boolean succeeded = ConditionStatus.True.name().equals(c.getStatus());
                  Reason reason =
                      Reason.parse(c.getReason())
                          .orElse(succeeded ? Reason.Succeeded : Reason.Failed);
                  return new Outcome(succeeded, reason, c.getMessage());
                });
    return new Previous(
        status.getPhase(),
        status.getMessage(),
        outcome,
        finished.map(c -> Instant.parse(c.getLastTransitionTime())),
        counters,
        run.getActiveSeconds() == null ? 0 : run.getActiveSeconds(),
        Optional.ofNullable(run.getActiveSince()).map(Instant::parse));
  }
}
