package io.xmcgan.storage;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;

/**
 * The store kept failing with transient errors (5xx, refused or reset connections, timeouts) after
 * every retry. Callers treat this as a temporary failure (the trainer exits with 75 so that
 * Kubernetes retries the pod).
 */
public class StorageUnavailableException extends StorageException implements ClassifiedFailure {

  private final int attempts;

  public StorageUnavailableException(String message, int attempts, Throwable cause) {
    super(message, cause);
    this.attempts = attempts;
  }

  public int attempts() {
    return attempts;
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.TEMPORARY;
  }
}
