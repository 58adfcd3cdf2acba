package io.xmcgan.dataset;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The manifest entry of one shard, {@code data/<split>-NNNNN-of-MMMMM.json}, written after the
 * shard's records are complete. A shard without an entry (or whose entry names another spec) does
 * not exist for readers.
 *
 * @param file the shard's key, {@code data/<split>-NNNNN-of-MMMMM.tfrecord}
 * @param records examples (images) in the shard
 * @param bytes the shard's size
 * @param sha256 hex SHA-256 of the shard's bytes
 * @param paddedImages images that had fewer than five captions (their captions were repeated)
 * @param skipped inputs left out of this shard under {@code onBadInput: skip}
 * @param textEncoderId the encoder actually used (URI, or the built-in name)
 * @param embeddingShape of {@code caption/embedding}: captions, tokens, width
 */
@JsonPropertyOrder({
  "formatVersion",
  "spec",
  "index",
  "file",
  "records",
  "bytes",
  "sha256",
  "paddedImages",
  "skipped",
  "textEncoderId",
  "embeddingShape"
})
public record ShardEntry(
    int formatVersion,
    DataSpec spec,
    int index,
    String file,
    long records,
    long bytes,
    String sha256,
    long paddedImages,
    List<SkippedItem> skipped,
    String textEncoderId,
    List<Integer> embeddingShape) {

  /**
   * Shards of another format are not ready and are made again. 2: images in RGB order (format 1 was
   * written with red and blue swapped, so captions named the wrong colours).
   */
  public static final int FORMAT_VERSION = 2;

  public ShardEntry {
    skipped = List.copyOf(skipped);
    embeddingShape = List.copyOf(embeddingShape);
  }
}
