package io.xmcgan.checkpoint;

import io.xmcgan.storage.StorageException;

/** A checkpoint file does not match its manifest (size or SHA-256), or its manifest is invalid. */
public class CheckpointCorruptedException extends StorageException {

  public CheckpointCorruptedException(String message) {
    super(message);
  }

  public CheckpointCorruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
