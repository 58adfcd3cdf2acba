package io.xmcgan.operator.reconcile;

import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.observe.Children;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.stage.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@link Lifecycle} decides from: the policy, what the status said about the current
 * run, what was observed, and the clock.
 *
 * @param generation metadata.generation, named in the events a spec change causes
 * @param specHash digest of the spec acted on; Jobs created with another one run an earlier spec
 * @param runChange set in the first reconcile of a run that replaces another (restartNonce changed)
 */
public record LifecycleInput(
    RunPolicy policy,
    long generation,
    String specHash,
    Previous previous,
    Optional<RunChange> runChange,
    Children children,
    StorageSnapshot storage,
    Instant now,
    Timings timings) {

  /**
   * The current run as the status recorded it; {@link #FRESH} for a run that has just begun.
   *
   * @param phase the phase in the status, null before the run's first reconcile
   * @param outcome how the experiment ended (its Succeeded condition), once it has
   * @param finishedAt when it reached Succeeded or Failed
   * @param activeSeconds seconds a stage pod ran, up to {@code activeSince}
   * @param activeSince since when a stage pod has been running, empty while none runs
   */
  public record Previous(
      Phase phase,
      String message,
      Optional<Outcome> outcome,
      Optional<Instant> finishedAt,
      Map<Stage, StageCounters> counters,
      long activeSeconds,
      Optional<Instant> activeSince) {

    public static final Previous FRESH =
        new Previous(null, null, Optional.empty(), Optional.empty(), Map.of(), 0, Optional.empty());

    public Previous {
      counters = counters.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(counters));
    }

    public StageCounters counters(Stage stage) {
      return counters.getOrDefault(stage, StageCounters.NONE);
    }
  }

  /** How a finished experiment ended: its Succeeded condition's value, reason and message. */
  public record Outcome(boolean succeeded, Reason reason, String message) {}

  /** A restartNonce change: the run that ends, and the one that starts and where it writes. */
  public record RunChange(String fromRun, String toRun, String restartNonce, String storageUri) {}

  /** The operator's timings (OperatorConfig). */
  public record Timings(Duration pollInterval, Duration retryBaseDelay, Duration retryMaxDelay) {}
}
