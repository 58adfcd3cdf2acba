package io.xmcgan.operator.reconcile;

import io.xmcgan.experiment.Phase;
import io.xmcgan.operator.observe.Children;
import io.xmcgan.operator.observe.StorageSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything {@link Lifecycle} decides from: the policy, what the last status said, what was
 * observed, and the clock.
 *
 * @param previousPhase the phase in the current status (null before the first reconcile)
 * @param previousFailure the Stalled reason and message recorded when the experiment failed
 * @param finishedAt when the experiment reached Succeeded or Failed
 * @param nonceChanged the spec's restartNonce differs from the one the running spec was accepted
 *     with
 */
public record LifecycleInput(
    RunPolicy policy,
    Phase previousPhase,
    String previousMessage,
    Optional<Plan.Failure> previousFailure,
    Optional<Instant> finishedAt,
    boolean nonceChanged,
    Children children,
    StorageSnapshot storage,
    Instant now,
    Duration pollInterval,
    Duration retryBaseDelay,
    Duration retryMaxDelay) {}
