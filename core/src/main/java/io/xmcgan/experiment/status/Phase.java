package io.xmcgan.experiment.status;

/** Where an experiment is in its lifecycle. The constants are the wire values of status.phase. */
public enum Phase {
  Pending,
  Preprocessing,
  Training,
  Evaluating,
  Suspended,
  Succeeded,
  Failed;

  /** Whether the experiment will not change phase again without a spec change. */
  public boolean isFinal() {
    return this == Succeeded || this == Failed;
  }
}
