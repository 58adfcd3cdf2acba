package io.xmcgan.checkpoint;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.storage.StorageException;

/** A checkpoint file does not match its manifest (size or SHA-256), or its manifest is invalid. */
public class CheckpointCorruptedException extends StorageException implements ClassifiedFailure {

  public CheckpointCorruptedException(String message) {
    super(message);
  }

  public CheckpointCorruptedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
