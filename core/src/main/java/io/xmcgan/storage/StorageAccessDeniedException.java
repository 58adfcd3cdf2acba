package io.xmcgan.storage;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;

/** The credentials were rejected or lack a permission. Permanent: never retried. */
public class StorageAccessDeniedException extends StorageException implements ClassifiedFailure {

  public StorageAccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
