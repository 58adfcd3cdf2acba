package io.xmcgan.operator.observe;

/** What a stage container's exit code means (architecture section 4). */
public enum ExitClass {
  /** 0: the stage finished its work. */
  SUCCESS,
  /** 2: invalid input; retrying cannot help, the stage fails at once. */
  PERMANENT,
  /** 75 (EX_TEMPFAIL): a temporary problem such as unreachable storage; retried. */
  TEMPORARY,
  /** Anything else, including signals and OOM kills: retried within the backoff limit. */
  CRASH;

  public static final int EXIT_INVALID_INPUT = 2;
  public static final int EXIT_TEMPORARY = 75;

  public static ExitClass of(int exitCode) {
    return switch (exitCode) {
      case 0 -> SUCCESS;
      case EXIT_INVALID_INPUT -> PERMANENT;
      case EXIT_TEMPORARY -> TEMPORARY;
      default -> CRASH;
    };
  }
}
