package io.xmcgan.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.dataset.DataSpec;
import io.xmcgan.dataset.ShardEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpochOrderTest {

  private static ShardSet shards(int... counts) {
    DataSpec spec = new DataSpec("train", "test", 32, counts.length, "enc", "encoder", 17, 5);
    List<ShardEntry> entries = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      entries.add(
          new ShardEntry(
              1,
              spec,
              i,
              "data/train-" + i,
              counts[i],
              0,
              "",
              0,
              List.of(),
              "enc",
              List.of(5, 17, 4)));
    }
    return new ShardSet(entries);
  }

  @Test
  void everyRecordIsEmittedExactlyOncePerEpoch() {
    EpochOrder order = EpochOrder.of(shards(30, 0, 45, 25), 42, 3, 16);
    Set<Integer> seen = new HashSet<>();
    for (int p = 0; p < order.size(); p++) {
      assertThat(order.positionOf(order.sequenceAt(p))).isEqualTo(p);
      seen.add(order.sequenceAt(p));
    }
    assertThat(order.size()).isEqualTo(100);
    assertThat(seen).hasSize(100);
  }

  @Test
  void theShuffleBufferBoundsHowFarAheadARecordIsRead() {
    int buffer = 16;
    EpochOrder order = EpochOrder.of(shards(50, 50, 50), 7, 0, buffer);
    for (int p = 0; p < order.size(); p++) {
      assertThat(order.sequenceAt(p)).isLessThan(p + buffer);
    }
  }

  @Test
  void orderDependsOnSeedAndEpochAndIsReproducible() {
    ShardSet shards = shards(40, 40);
    int[] a = emission(EpochOrder.of(shards, 1, 0, 20));
    assertThat(emission(EpochOrder.of(shards, 1, 0, 20))).isEqualTo(a);
    assertThat(emission(EpochOrder.of(shards, 1, 1, 20))).isNotEqualTo(a);
    assertThat(emission(EpochOrder.of(shards, 2, 0, 20))).isNotEqualTo(a);
  }

  @Test
  void shardsAreReadInASeededPermutation() {
    ShardSet shards = shards(1, 1, 1, 1, 1, 1, 1, 1);
    Set<List<String>> orders = new HashSet<>();
    for (long epoch = 0; epoch < 10; epoch++) {
      EpochOrder order = EpochOrder.of(shards, 5, epoch, 1);
      orders.add(IntStream.range(0, 8).mapToObj(i -> order.shardAt(i).file()).toList());
    }
    assertThat(orders).hasSizeGreaterThan(5);
  }

  @Test
  void findsTheShardOfASequenceNumberPassingOverEmptyShards() {
    EpochOrder order = EpochOrder.of(shards(3, 0, 0, 4), 9, 0, 1);
    for (int sequence = 0; sequence < order.size(); sequence++) {
      int place = order.placeOf(sequence);
      assertThat(order.shardAt(place).records()).isPositive();
      assertThat(order.firstSequenceOf(place)).isLessThanOrEqualTo(sequence);
      assertThat(order.firstSequenceOf(place) + order.shardAt(place).records())
          .isGreaterThan(sequence);
    }
  }

  private static int[] emission(EpochOrder order) {
    return IntStream.range(0, order.size()).map(order::sequenceAt).toArray();
  }
}
