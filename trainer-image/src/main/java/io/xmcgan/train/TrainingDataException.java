package io.xmcgan.train;

/**
 * The training data cannot be used as it is (manifest missing or incomplete, shards that disagree
 * with it, records of the wrong shape, a text encoder or image size other than the experiment's).
 * Permanent: retrying the same run cannot help, so the trainer exits with {@link
 * ExitCodes#INVALID}.
 */
public final class TrainingDataException extends RuntimeException {

  public TrainingDataException(String message) {
    super(message);
  }

  public TrainingDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
