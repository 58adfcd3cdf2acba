package io.xmcgan.dataset;

import io.xmcgan.storage.StorageLayout;

/**
 * Keys of a split's shards and entries (docs/storage-layout.md), built on {@link StorageLayout}.
 */
public final class DataKeys {

  private static final String RECORDS_SUFFIX = ".tfrecord";
  private static final String ENTRY_SUFFIX = ".json";

  private DataKeys() {}

  /** {@code data/<split>-NNNNN-of-MMMMM.tfrecord}. */
  public static String shard(String split, int index, int count) {
    return StorageLayout.dataShard(split, index, count);
  }

  /** {@code data/<split>-NNNNN-of-MMMMM.json}: the shard's manifest entry. */
  public static String entry(String split, int index, int count) {
    String shard = shard(split, index, count);
    return shard.substring(0, shard.length() - RECORDS_SUFFIX.length()) + ENTRY_SUFFIX;
  }

  /** {@code data/<split>.manifest.json}. */
  public static String manifest(String split) {
    return StorageLayout.dataManifest(split);
  }

  /** The prefix every shard and entry key of a split starts with: {@code data/<split>-}. */
  static String splitPrefix(String split) {
    return StorageLayout.DATA_DIR + split + "-";
  }
}
