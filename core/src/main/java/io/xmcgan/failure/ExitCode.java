package io.xmcgan.failure;

/**
 * The exit codes of every command of the images and the CLI, and what the operator does with each
 * (docs/architecture.md, "Exit codes"). The only place these numbers are written.
 */
public enum ExitCode {
  /** The command finished its work. */
  OK(0),
  /** Anything unexpected, including signals and OOM kills: retried within the backoff limit. */
  CRASH(1),
  /** Invalid input (spec, data, checkpoint, credentials): a retry cannot help, never retried. */
  INVALID_INPUT(2),
  /**
   * GPUs were asked for but the container sees fewer (wrong image flavour, no device plugin, no
   * driver): never retried, and never trained on the CPU instead. 78 is sysexits' EX_CONFIG.
   */
  NO_GPU_VISIBLE(78),
  /** A temporary problem (storage unreachable, stopped at a checkpoint by SIGTERM): retried. */
  TEMPORARY(75),
  /**
   * The CLI's: a command line it does not accept (unknown verb or option, missing argument).
   * sysexits' EX_USAGE.
   */
  USAGE(64),
  /**
   * The CLI's: a file named on the command line does not exist or cannot be read, as opposed to a
   * file that was read and is invalid (2). sysexits' EX_NOINPUT.
   */
  NO_INPUT(66),
  /**
   * The CLI's: {@code run} stopped by Ctrl-C at a checkpoint; the same command resumes. 128 +
   * SIGINT, the shells' convention.
   */
  STOPPED(130);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** The class of a container's exit status; unknown statuses (137, 143, …) are crashes. */
  public static ExitCode of(int status) {
    for (ExitCode exit : values()) {
      if (exit.code == status) {
        return exit;
      }
    }
    return CRASH;
  }

  /** True when retrying the same input cannot succeed. */
  public boolean permanent() {
    return this == INVALID_INPUT || this == NO_GPU_VISIBLE || this == USAGE || this == NO_INPUT;
  }
}
