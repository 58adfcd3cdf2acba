package io.xmcgan.operator.observe;

/**
 * How a failed attempt counts (docs/experiment-reference.md, spec.runPolicy): the pod's exit code
 * ({@link io.xmcgan.failure.ExitCode}) and whether the pod was stopped from outside.
 */
public enum FailureKind {
  /** Exit 1, an unknown code or OOMKilled: counts towards backoffLimit. */
  CRASH,
  /** Exit 75 without an interruption: retried; a run of them makes the experiment Stalled. */
  TEMPORARY,
  /**
   * Preempted, evicted or drained (DisruptionTarget), or killed after its pod was deleted (exit 137
   * or 143 after SIGTERM, or 75 after the trainer's SIGTERM checkpoint): retried at once, never
   * counted as a failure.
   */
  INTERRUPTED,
  /** Exit 2: fails the experiment. */
  INVALID_INPUT,
  /** Exit 78: fails the experiment. */
  NO_GPU_VISIBLE
}
