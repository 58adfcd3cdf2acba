package io.xmcgan.operator.reconcile;

/**
 * The run-policy and stage facts the lifecycle needs, taken from the resolved spec.
 *
 * @param backoffLimit failed attempts (crashes) a stage may have before the experiment fails
 * @param activeDeadlineSeconds how long a stage may run (counted from its first Job), or null
 * @param startupDeadlineSeconds how long a pod may take to start running, or null for no limit
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
    Long ttlSecondsAfterFinished,
    String restartNonce,
    boolean continuousEvaluation,
    int shards,
    int parallelism) {}
