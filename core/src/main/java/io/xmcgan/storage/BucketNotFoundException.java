package io.xmcgan.storage;

/** The bucket (or local root directory) does not exist. Permanent: never retried. */
public class BucketNotFoundException extends StorageException {

  public BucketNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
