package io.xmcgan.dataset;

import io.xmcgan.records.Example;
import io.xmcgan.records.ExampleCodec;
import io.xmcgan.records.TfRecordWriter;
import io.xmcgan.storage.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a split the way preprocessing leaves it: every shard with its entry (record count, size,
 * sha256), then the assembled split manifest. For trainer and evaluator tests that need ready data
 * without running preprocessing.
 */
public final class ShardFixtures {

  private ShardFixtures() {}

  /**
   * Writes {@code shards.get(i)} as shard i of {@code spec}'s split, then the split manifest.
   *
   * @param embeddingShape (captions, tokens, width) of each record's caption embedding
   */
  public static void writeSplit(
      ObjectStore store, DataSpec spec, List<List<Example>> shards, List<Integer> embeddingShape)
      throws IOException {
    if (shards.size() != spec.shards()) {
      throw new IllegalArgumentException(
          "the spec has " + spec.shards() + " shards, got records for " + shards.size());
    }
    for (int shard = 0; shard < shards.size(); shard++) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (TfRecordWriter writer = new TfRecordWriter(bytes)) {
        for (Example example : shards.get(shard)) {
          writer.write(ExampleCodec.encode(example));
        }
      }
      byte[] content = bytes.toByteArray();
      String key = DataKeys.shard(spec.split(), shard, spec.shards());
      store.writeBytes(key, content);
      DataManifests.writeEntry(
          store,
          new ShardEntry(
              ShardEntry.FORMAT_VERSION,
              spec,
              shard,
              key,
              shards.get(shard).size(),
              content.length,
              sha256(content),
              0,
              List.of(),
              spec.textEncoder(),
              embeddingShape));
    }
    DataManifests.assembleIfComplete(store, spec).orElseThrow();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
