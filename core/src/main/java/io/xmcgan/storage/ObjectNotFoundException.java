package io.xmcgan.storage;

/** The requested object does not exist. Permanent: never retried. */
public class ObjectNotFoundException extends StorageException {

  public ObjectNotFoundException(String message) {
    super(message);
  }

  public ObjectNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
