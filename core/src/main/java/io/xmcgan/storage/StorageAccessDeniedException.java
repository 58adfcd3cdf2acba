package io.xmcgan.storage;

/** The credentials were rejected or lack a permission. Permanent: never retried. */
public class StorageAccessDeniedException extends StorageException {

  public StorageAccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
