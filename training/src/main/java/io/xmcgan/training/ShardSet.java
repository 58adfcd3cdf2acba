package io.xmcgan.training;

import io.xmcgan.dataset.ShardEntry;
import java.util.List;

/** The training split's shards in manifest order, as the data manifest lists them. */
public record ShardSet(List<ShardEntry> shards) {

  public ShardSet {
    shards = List.copyOf(shards);
    if (shards.isEmpty()) {
      throw new TrainingDataException("the training split has no shards");
    }
    long total = shards.stream().mapToLong(ShardEntry::records).sum();
    if (total == 0) {
      throw new TrainingDataException(
          "the training split has no records; check the dataset source and preprocess again");
    }
    if (total > Integer.MAX_VALUE) {
      throw new TrainingDataException(
          "the training split has " + total + " records; at most " + Integer.MAX_VALUE);
    }
  }

  public int totalRecords() {
    return (int) shards.stream().mapToLong(ShardEntry::records).sum();
  }
}
