package io.xmcgan.operator.observe;

import java.io.IOException;

/**
 * Deletes an experiment's objects ({@code spec.storage.deleteOnCleanup}). Behind an interface so
 * that tests can make storage fail.
 */
public interface StorageCleaner {

  /** Deletes every object under the location's root and returns how many there were. */
  int deleteAll(StorageLocation location) throws IOException;
}
