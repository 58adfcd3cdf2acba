package io.xmcgan.train;

/** The exit codes of the pod commands (architecture.md section 4); the operator maps them. */
public final class ExitCodes {

  /** Training finished. */
  public static final int DONE = 0;

  /** Invalid experiment, unusable data or a diverged run: permanent, do not retry. */
  public static final int INVALID = 2;

  /** Temporary failure (storage unreachable, preempted and checkpointed): retry. */
  public static final int RETRY = 75;

  private ExitCodes() {}
}
