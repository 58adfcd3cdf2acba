package io.xmcgan.training;

import io.xmcgan.dataset.CorruptShardException;
import io.xmcgan.dataset.DataManifests;
import io.xmcgan.dataset.ShardEntry;
import io.xmcgan.records.CorruptRecordException;
import io.xmcgan.records.TfRecordReader;
import io.xmcgan.storage.ObjectStore;
import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The raw records of one epoch in {@link EpochOrder}'s order, from a given position on. Shards are
 * streamed front to back; a record read before its turn waits in memory, which the shuffle buffer
 * bounds to the buffer size. Starting mid-epoch skips every shard before the one holding the oldest
 * record still to be emitted, so a resume reads at most about one shard more than a fresh start.
 */
final class EpochRecords implements Closeable {

  private final ObjectStore store;
  private final EpochOrder order;
  private final int start;
  private final Map<Integer, byte[]> pending = new HashMap<>();
  private int nextPosition;
  private int place;
  private long nextSequence;
  private long readInShard;
  private TfRecordReader reader;

  EpochRecords(ObjectStore store, EpochOrder order, int start) {
    if (start < 0 || start > order.size()) {
      throw new IllegalArgumentException(
          "position " + start + " is outside the epoch of " + order.size() + " records");
    }
    this.store = store;
    this.order = order;
    this.start = start;
    this.nextPosition = start;
    if (start < order.size()) {
      this.place = order.placeOf(order.firstSequenceNeededFrom(start));
      this.nextSequence = order.firstSequenceOf(place);
    }
  }

  boolean hasNext() {
    return nextPosition < order.size();
  }

  /** The record emitted at the next position. */
  byte[] next() throws IOException {
    if (!hasNext()) {
      throw new IllegalStateException("the epoch has no more records");
    }
    int target = order.sequenceAt(nextPosition);
    while (!pending.containsKey(target)) {
      byte[] record = readNext();
      int sequence = (int) nextSequence++;
      if (order.positionOf(sequence) >= start) {
        pending.put(sequence, record);
      }
    }
    nextPosition++;
    return pending.remove(target);
  }

  private byte[] readNext() throws IOException {
    while (true) {
      ShardEntry shard = order.shardAt(place);
      if (reader == null) {
        reader = new TfRecordReader(DataManifests.openVerified(store, shard), shard.file());
        readInShard = 0;
      }
      Optional<byte[]> record;
      try {
        record = reader.next();
      } catch (CorruptRecordException | CorruptShardException e) {
        throw new TrainingDataException(
            "shard " + shard.file() + " is corrupt: " + e.getMessage() + "; preprocess it again",
            e);
      }
      if (record.isPresent()) {
        if (++readInShard > shard.records()) {
          throw countMismatch(shard, "more");
        }
        return record.get();
      }
      if (readInShard != shard.records()) {
        throw countMismatch(shard, "fewer");
      }
      reader.close();
      reader = null;
      place++;
      if (place >= order.shardCount()) {
        throw new IllegalStateException("read past the last shard of the epoch");
      }
    }
  }

  private TrainingDataException countMismatch(ShardEntry shard, String which) {
    return new TrainingDataException(
        "shard "
            + shard.file()
            + " has "
            + which
            + " records than the "
            + shard.records()
            + " its data manifest lists; the data changed after preprocessing, run preprocessing"
            + " again");
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
