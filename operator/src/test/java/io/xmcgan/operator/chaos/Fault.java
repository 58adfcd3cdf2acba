package io.xmcgan.operator.chaos;

/** What the chaos script does to an experiment, and how the bench report names it. */
enum Fault {
  CRASH("pod crashes (exit 1)"),
  TEMPORARY("pod fails temporarily (exit 75)"),
  KILLED("pod deleted (SIGTERM, then 75 or 137)"),
  PREEMPTED("pod preempted (DisruptionTarget)"),
  JOB_DELETED("Job deleted by a user"),
  OPERATOR_RESTART("operator restarted"),
  STORAGE_DOWN("S3 unavailable for a while"),
  SUSPEND_RESUME("suspended, then resumed"),
  NO_CAPACITY("no capacity: new pods unschedulable for a while"),
  INVALID_INPUT("pod exits 2 (permanent)");

  private final String description;

  Fault(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  /** Faults that act on one running pod. */
  boolean needsRunningPod() {
    return this == CRASH
        || this == TEMPORARY
        || this == KILLED
        || this == PREEMPTED
        || this == INVALID_INPUT;
  }
}
