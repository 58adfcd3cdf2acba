package io.xmcgan.storage;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;

/** The bucket (or local root directory) does not exist. Permanent: never retried. */
public class BucketNotFoundException extends StorageException implements ClassifiedFailure {

  public BucketNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
