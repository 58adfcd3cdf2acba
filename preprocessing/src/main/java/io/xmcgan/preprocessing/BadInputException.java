package io.xmcgan.preprocessing;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;

/**
 * An input the preprocessor cannot use: a missing or unreadable file, an empty caption. Permanent
 * (exit code 2) under {@code onBadInput: fail}; skipped and counted under {@code skip}.
 */
public final class BadInputException extends Exception implements ClassifiedFailure {

  private final String file;

  public BadInputException(String file, String message) {
    super(message);
    this.file = file;
  }

  /** The file (or caption) the problem is about. */
  public String file() {
    return file;
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
