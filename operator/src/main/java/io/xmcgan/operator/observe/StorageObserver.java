package io.xmcgan.operator.observe;

/**
 * Reads what the stages wrote to the experiment's object storage. Behind an interface so that the
 * reconciler can be exercised against a real S3 protocol server or a fake.
 */
public interface StorageObserver {

  /** Never throws for storage problems: they come back as {@link StorageSnapshot#error()}. */
  StorageSnapshot observe(StorageTarget target);
}
