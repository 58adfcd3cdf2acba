package io.xmcgan.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.resolve.ResolvedExperiment.Source;
import io.xmcgan.experiment.spec.OnBadInput;
import io.xmcgan.storage.LocalObjectStore;
import io.xmcgan.storage.ObjectStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataReadinessTest {

  private static final DataSpec SPEC =
      new DataSpec(
          "train",
          "builtin:shapes@2?size=10&seed=0",
          64,
          2,
          DataSpec.BUILTIN_TEXT_ENCODER,
          "encoder",
          17,
          5);

  @TempDir java.nio.file.Path dir;
  private ObjectStore store;

  @BeforeEach
  void open() {
    store = new LocalObjectStore(dir);
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  /** Writes shard {@code index} the way preprocessing does: records first, then the entry. */
  private ShardEntry writeShard(DataSpec spec, int index, String content) throws Exception {
    return writeShard(spec, index, content, ShardEntry.FORMAT_VERSION);
  }

  private ShardEntry writeShard(DataSpec spec, int index, String content, int formatVersion)
      throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String file = DataKeys.shard(spec.split(), index, spec.shards());
    store.writeBytes(file, bytes);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    ShardEntry entry =
        new ShardEntry(
            formatVersion,
            spec,
            index,
            file,
            3,
            bytes.length,
            sha,
            0,
            List.of(),
            DataSpec.BUILTIN_TEXT_ENCODER,
            List.of(5, 17, 64));
    DataManifests.writeEntry(store, entry);
    return entry;
  }

  @Test
  void splitIsReadyOnlyWhenEveryShardHasItsEntry() throws Exception {
    assertThat(DataReadiness.check(store, SPEC).complete()).isFalse();
    writeShard(SPEC, 0, "shard zero");
    store.writeBytes(DataKeys.shard("train", 1, 2), "half-written shard without entry".getBytes());

    DataReadiness.Readiness partial = DataReadiness.check(store, SPEC);
    assertThat(partial.complete()).isFalse();
    assertThat(partial.shardsReady()).isEqualTo(1);
    assertThat(partial.detail()).contains("data/train-00001-of-00002.json does not exist yet");
    assertThat(DataManifests.assembleIfComplete(store, SPEC)).isEmpty();

    writeShard(SPEC, 1, "shard one");
    assertThat(DataReadiness.check(store, SPEC).complete()).isTrue();
    DataManifest manifest = DataManifests.assembleIfComplete(store, SPEC).orElseThrow();
    assertThat(manifest.records()).isEqualTo(6);
    assertThat(manifest.embeddingShape()).containsExactly(5, 17, 64);
    assertThat(store.exists("data/train.manifest.json")).isTrue();
    assertThat(DataManifests.readComplete(store, SPEC)).contains(manifest);
  }

  @Test
  void dataMadeForAnotherSpecIsNotReady() throws Exception {
    DataSpec other =
        new DataSpec("train", SPEC.source(), 128, 2, SPEC.textEncoder(), "encoder", 17, 5);
    assertCompleteDataIsNotReadyFor(other, SPEC);
  }

  /**
   * Writes every shard of {@code written} and its manifest, then checks it is not ready for {@code
   * wanted}.
   */
  private void assertCompleteDataIsNotReadyFor(DataSpec written, DataSpec wanted) throws Exception {
    writeShard(written, 0, "a");
    writeShard(written, 1, "b");
    DataManifests.assembleIfComplete(store, written).orElseThrow();

    DataReadiness.Readiness readiness = DataReadiness.check(store, wanted);
    assertThat(readiness.complete()).isFalse();
    assertThat(readiness.detail()).contains("another dataset spec");
  }

  @Test
  void shapesShardsOfAnEarlierGeneratorAreNotReadySoTheyAreMadeAgain() throws Exception {
    ResolvedExperiment.Data data =
        new ResolvedExperiment.Data(
            64,
            Source.shapes(10, 0, 2, 3),
            Source.shapes(4, 1, 2, 3),
            2,
            1,
            OnBadInput.fail,
            null,
            null,
            null,
            17);
    DataSpec current = DataSpec.of(data, DataSpec.TRAIN);
    DataSpec firstGenerator =
        new DataSpec(
            "train",
            "builtin:shapes?size=10&seed=0",
            64,
            2,
            current.textEncoder(),
            "encoder",
            17,
            5);
    assertCompleteDataIsNotReadyFor(firstGenerator, current);
  }

  @Test
  void shardsOfAnOlderFormatAreNotReadySoTheyAreMadeAgain() throws Exception {
    writeShard(SPEC, 0, "a", ShardEntry.FORMAT_VERSION - 1);
    writeShard(SPEC, 1, "b", ShardEntry.FORMAT_VERSION - 1);

    DataReadiness.Readiness readiness = DataReadiness.check(store, SPEC);
    assertThat(readiness.complete()).isFalse();
    assertThat(readiness.detail())
        .contains(
            "data/train-00000-of-00002.json was written in shard format "
                + (ShardEntry.FORMAT_VERSION - 1)
                + " and this version reads format "
                + ShardEntry.FORMAT_VERSION
                + "; preprocessing makes it again");
    assertThat(DataManifests.assembleIfComplete(store, SPEC)).isEmpty();
  }

  @Test
  void shardWithWrongSizeOrMissingFileIsNotReady() throws Exception {
    writeShard(SPEC, 0, "a");
    writeShard(SPEC, 1, "b");
    DataManifests.assembleIfComplete(store, SPEC).orElseThrow();
    store.writeBytes(DataKeys.shard("train", 1, 2), "truncat".getBytes());
    assertThat(DataReadiness.check(store, SPEC).detail()).contains("lists 1 bytes but");

    store.delete(DataKeys.shard("train", 1, 2));
    assertThat(DataReadiness.check(store, SPEC).complete()).isFalse();
  }

  @Test
  void corruptedShardIsDetectedWhenReadAgainstItsSha256() throws Exception {
    ShardEntry entry = writeShard(SPEC, 0, "original bytes");
    try (InputStream in = DataManifests.openVerified(store, entry)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("original bytes");
    }
    store.writeBytes(entry.file(), "0riginal bytes".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> DataManifests.verify(store, entry))
        .isInstanceOf(CorruptShardException.class)
        .hasMessageContaining("data/train-00000-of-00002.tfrecord is corrupt")
        .hasMessageContaining(entry.sha256());
  }
}
