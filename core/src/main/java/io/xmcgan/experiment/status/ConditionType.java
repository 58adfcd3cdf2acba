package io.xmcgan.experiment.status;

/**
 * The condition types of an XmcganExperiment's status (docs/experiment-reference.md, status). The
 * constants are the wire values of {@code status.conditions[].type}; the set follows kstatus:
 * Ready, Reconciling and Stalled say whether the resource is healthy, progressing or blocked.
 */
public enum ConditionType {
  /** True while training runs healthily, while the final evaluation runs, and after success. */
  Ready,
  /** True while the operator is moving the experiment towards its spec. */
  Reconciling,
  /**
   * True when progress needs a change: invalid spec, refused field change, a permanent failure, or
   * a stage that keeps failing with temporary errors while it is retried.
   */
  Stalled,
  /** True after success, False after a permanent failure, Unknown before either. */
  Succeeded,
  Suspended,
  DataReady,
  CheckpointAvailable,
  Evaluated,
  /**
   * False while a running Job was started with an earlier spec: changes to mutable fields apply
   * when the stage's next attempt starts.
   */
  SpecApplied
}
