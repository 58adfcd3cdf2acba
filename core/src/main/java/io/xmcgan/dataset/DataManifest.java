package io.xmcgan.dataset;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code data/<split>.manifest.json}: the complete split, assembled from its shard entries once all
 * of them exist. Its content is a function of the entries alone, so whichever shard assembles it
 * writes the same bytes.
 *
 * @param records examples over all shards
 * @param skipped inputs left out over all shards (listed per shard)
 * @param paddedImages images with fewer than five captions over all shards
 * @param shards the entries, by index
 */
@JsonPropertyOrder({
  "formatVersion",
  "split",
  "spec",
  "records",
  "skipped",
  "paddedImages",
  "textEncoderId",
  "embeddingShape",
  "imageSize",
  "shards"
})
public record DataManifest(
    int formatVersion,
    String split,
    DataSpec spec,
    long records,
    long skipped,
    long paddedImages,
    String textEncoderId,
    List<Integer> embeddingShape,
    int imageSize,
    List<ShardEntry> shards) {

  public static final int FORMAT_VERSION = 1;

  public DataManifest {
    shards = List.copyOf(shards);
    embeddingShape = List.copyOf(embeddingShape);
  }

  /** Assembles the manifest of a split from all its entries (in index order). */
  public static DataManifest of(DataSpec spec, List<ShardEntry> entries) {
    if (entries.size() != spec.shards()) {
      throw new IllegalArgumentException(
          "split " + spec.split() + " has " + entries.size() + " of " + spec.shards() + " entries");
    }
    ShardEntry first = entries.get(0);
    return new DataManifest(
        FORMAT_VERSION,
        spec.split(),
        spec,
        entries.stream().mapToLong(ShardEntry::records).sum(),
        entries.stream().mapToLong(e -> e.skipped().size()).sum(),
        entries.stream().mapToLong(ShardEntry::paddedImages).sum(),
        first.textEncoderId(),
        first.embeddingShape(),
        spec.imageSize(),
        entries);
  }
}
