package io.xmcgan.training;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;

/**
 * The training data cannot be used as it is (manifest missing or incomplete, shards that disagree
 * with it, records of the wrong shape, a text encoder or image size other than the experiment's).
 * Permanent: retrying the same run cannot help, so the trainer exits with {@link
 * ExitCode#INVALID_INPUT}.
 */
public final class TrainingDataException extends RuntimeException implements ClassifiedFailure {

  public TrainingDataException(String message) {
    super(message);
  }

  public TrainingDataException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
