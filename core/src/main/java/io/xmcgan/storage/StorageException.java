package io.xmcgan.storage;

import java.io.IOException;

/** A storage operation failed; the message names the store, bucket/directory and key involved. */
public class StorageException extends IOException {

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
