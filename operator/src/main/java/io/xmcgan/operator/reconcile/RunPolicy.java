package io.xmcgan.operator.reconcile;

import io.xmcgan.experiment.ExperimentDefaults;
import io.xmcgan.experiment.ExperimentSpec;
import io.xmcgan.experiment.ResolvedExperiment;
import io.xmcgan.experiment.RunPolicySpec;

/**
 * The run-policy and stage facts the lifecycle needs, with defaults applied.
 *
 * @param backoffLimit crashes a stage may have before the experiment fails; also how many temporary
 *     failures in a row make it Stalled while it keeps retrying
 * @param activeDeadlineSeconds how long the run's stage pods may run in total, or null
 * @param startupDeadlineSeconds how long a stage's first attempt may take to start, or null
 * @param capacityWaitSeconds how long a later attempt may wait for capacity, or null for no limit
 * @param ttlSecondsAfterFinished delete the finished experiment's Jobs after this, or null to keep
 * @param continuousEvaluation run the evaluator beside training (watch mode) rather than after it
 * @param shards preprocessing completions (one indexed pod per shard)
 * @param parallelism preprocessing pods at once
 */
public record RunPolicy(
    boolean suspend,
    int backoffLimit,
    Long activeDeadlineSeconds,
    Long startupDeadlineSeconds,
    Long capacityWaitSeconds,
    Long ttlSecondsAfterFinished,
    boolean continuousEvaluation,
    int shards,
    int parallelism) {

  public static RunPolicy of(ExperimentSpec spec, ResolvedExperiment resolved) {
    RunPolicySpec policy = spec.getRunPolicy() == null ? new RunPolicySpec() : spec.getRunPolicy();
    return new RunPolicy(
        Boolean.TRUE.equals(policy.getSuspend()),
        backoffLimit(spec),
        policy.getActiveDeadlineSeconds(),
        policy.getStartupDeadlineSeconds() == null
            ? ExperimentDefaults.STARTUP_DEADLINE_SECONDS
            : policy.getStartupDeadlineSeconds(),
        policy.getCapacityWaitSeconds(),
        policy.getTtlSecondsAfterFinished(),
        resolved.evaluation().continuous(),
        resolved.data().shards(),
        resolved.data().parallelism());
  }

  public static int backoffLimit(ExperimentSpec spec) {
    return spec.getRunPolicy() == null || spec.getRunPolicy().getBackoffLimit() == null
        ? ExperimentDefaults.BACKOFF_LIMIT
        : spec.getRunPolicy().getBackoffLimit();
  }
}
