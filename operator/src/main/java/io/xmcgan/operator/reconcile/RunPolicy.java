package io.xmcgan.operator.reconcile;

import io.xmcgan.experiment.resolve.ResolvedExperiment;

/**
 * The run-policy and stage facts the lifecycle needs, read from the resolved experiment.
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

  public static RunPolicy of(ResolvedExperiment resolved) {
    ResolvedExperiment.RunPolicy policy = resolved.runPolicy();
    return new RunPolicy(
        policy.suspend(),
        policy.backoffLimit(),
        policy.activeDeadlineSeconds(),
        policy.startupDeadlineSeconds(),
        policy.capacityWaitSeconds(),
        policy.ttlSecondsAfterFinished(),
        resolved.evaluation().continuous(),
        resolved.data().shards(),
        resolved.data().parallelism());
  }
}
