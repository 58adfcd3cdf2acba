package io.xmcgan.training;

import io.xmcgan.dataset.ShardEntry;
import java.util.SplittableRandom;

/**
 * The order in which one epoch presents the training records: the shards are permuted, read one
 * after the other, and the records pass through a shuffle buffer (tf.data's algorithm: fill the
 * buffer, emit a uniformly chosen slot, refill that slot with the next record). Both draws are
 * seeded by (seed, epoch). The buffer only ever chooses a slot, never looks at a record, so the
 * whole order is computed up front from the record counts; that is what lets a resumed run rebuild
 * the buffer without reading the epoch from its start.
 *
 * <p>Records are numbered by their place in the epoch's read sequence (shards in permuted order,
 * records in file order): "sequence numbers".
 */
public final class EpochOrder {

  private final ShardSet shards;
  private final int[] shardOrder;
  private final long[] shardStart;
  private final int[] emission;
  private final int[] rank;

  private EpochOrder(ShardSet shards, int[] shardOrder, int[] emission) {
    this.shards = shards;
    this.shardOrder = shardOrder;
    this.emission = emission;
    this.shardStart = new long[shardOrder.length + 1];
    for (int i = 0; i < shardOrder.length; i++) {
      shardStart[i + 1] = shardStart[i] + shards.shards().get(shardOrder[i]).records();
    }
    this.rank = new int[emission.length];
    for (int i = 0; i < emission.length; i++) {
      rank[emission[i]] = i;
    }
  }

  public static EpochOrder of(ShardSet shards, long seed, long epoch, int bufferSize) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException(
          "shuffle buffer size must be at least 1, got " + bufferSize);
    }
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed, Seeds.SHUFFLE, epoch));
    int shardCount = shards.shards().size();
    int[] shardOrder = new int[shardCount];
    for (int i = 0; i < shardCount; i++) {
      shardOrder[i] = i;
    }
    for (int i = shardCount - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = shardOrder[i];
      shardOrder[i] = shardOrder[j];
      shardOrder[j] = t;
    }
    int total = shards.totalRecords();
    int[] emission = new int[total];
    int[] buffer = new int[Math.min(bufferSize, total)];
    int filled = 0;
    int nextRead = 0;
    while (filled < buffer.length) {
      buffer[filled++] = nextRead++;
    }
    for (int out = 0; out < total; out++) {
      int slot = random.nextInt(filled);
      emission[out] = buffer[slot];
      if (nextRead < total) {
        buffer[slot] = nextRead++;
      } else {
        buffer[slot] = buffer[--filled];
      }
    }
    return new EpochOrder(shards, shardOrder, emission);
  }

  public int size() {
    return emission.length;
  }

  /** The sequence number of the record emitted at {@code position} of the epoch. */
  public int sequenceAt(int position) {
    return emission[position];
  }

  /** The position at which the record with {@code sequence} number is emitted. */
  public int positionOf(int sequence) {
    return rank[sequence];
  }

  /** The shard read at place {@code place} (0-based) of this epoch's shard order. */
  public ShardEntry shardAt(int place) {
    return shards.shards().get(shardOrder[place]);
  }

  public int shardCount() {
    return shardOrder.length;
  }

  /** The sequence number of the first record of the shard read at {@code place}. */
  public long firstSequenceOf(int place) {
    return shardStart[place];
  }

  /**
   * The place in the shard order of the shard holding the record with {@code sequence} (the last
   * place starting at or before it, so empty shards are passed over).
   */
  public int placeOf(long sequence) {
    int low = 0;
    int high = shardOrder.length - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (shardStart[mid] <= sequence) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  /** The smallest sequence number still to be emitted from {@code position} on. */
  public int firstSequenceNeededFrom(int position) {
    int min = Integer.MAX_VALUE;
    for (int i = position; i < emission.length; i++) {
      min = Math.min(min, emission[i]);
    }
    return min;
  }
}
