package io.xmcgan.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xmcgan.storage.LocalObjectStore;
import io.xmcgan.storage.ObjectInfo;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.testing.FailingObjectStore;
import io.xmcgan.storage.testing.S3ProxyExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @TempDir Path dir;

  /** The files of a checkpoint at {@code step}: distinct content per step. */
  private static Map<String, byte[]> filesOf(long step) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("generator.params", content("G", step, 70_000));
    files.put("discriminator.params", content("D", step, 50_000));
    files.put("trainer-state.json", ("{\"step\":" + step + "}").getBytes(UTF_8));
    return files;
  }

  private static byte[] content(String tag, long step, int length) {
    byte[] bytes = new byte[length];
    byte[] seed = (tag + step).getBytes(UTF_8);
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (seed[i % seed.length] + i / seed.length);
    }
    return bytes;
  }

  private static void save(ObjectStore store, long step) throws IOException {
    ObjectNode metadata = new ObjectMapper().createObjectNode().put("preset", "tiny");
    try (CheckpointWriter writer = new CheckpointStore(store).begin(step)) {
      for (Map.Entry<String, byte[]> file : filesOf(step).entrySet()) {
        try (OutputStream out = writer.open(file.getKey())) {
          // Several writes per file, as a serializer streaming tensors would do.
          byte[] bytes = file.getValue();
          for (int off = 0; off < bytes.length; off += 16_384) {
            out.write(bytes, off, Math.min(16_384, bytes.length - off));
          }
        }
      }
      writer.commit(metadata);
    }
  }

  /** Loads every file of the latest loadable checkpoint, verifying hashes. */
  private static CheckpointStore.Loaded<Map<String, byte[]>> loadLatest(ObjectStore store)
      throws IOException {
    return new CheckpointStore(store)
        .load(
            checkpoint -> {
              Map<String, byte[]> read = new LinkedHashMap<>();
              for (CheckpointFile file : checkpoint.manifest().files()) {
                try (InputStream in = checkpoint.open(file.name())) {
                  read.put(file.name(), in.readAllBytes());
                }
              }
              return read;
            })
        .orElseThrow();
  }

  @Test
  void savedCheckpointLoadsWithItsManifestAndLatestPointsAtIt() throws IOException {
    ObjectStore store = new LocalObjectStore(dir);
    save(store, 100);
    save(store, 200);

    CheckpointStore checkpoints = new CheckpointStore(store);
    CheckpointStore.Loaded<Map<String, byte[]>> loaded = loadLatest(store);

    assertThat(loaded.checkpoint().step()).isEqualTo(200);
    assertThat(loaded.value()).containsExactlyEntriesOf(filesOf(200));
    CheckpointManifest manifest = loaded.checkpoint().manifest();
    assertThat(manifest.files())
        .extracting(CheckpointFile::name)
        .containsExactly("generator.params", "discriminator.params", "trainer-state.json");
    assertThat(manifest.file("generator.params").orElseThrow().size()).isEqualTo(70_000);
    assertThat(manifest.file("generator.params").orElseThrow().sha256()).hasSize(64);
    assertThat(manifest.metadata().get("preset").asText()).isEqualTo("tiny");
    assertThat(manifest.createdAt()).isNotNull();
    assertThat(checkpoints.listComplete())
        .extracting(CheckpointManifest::step)
        .containsExactly(100L, 200L);
    assertThat(new String(store.readBytes(StorageLayout.CHECKPOINT_LATEST), UTF_8))
        .isEqualTo("step-00000200\n");
    assertThat(store.readBytes("checkpoints/step-00000200/MANIFEST.json"))
        .asString(UTF_8)
        .contains("\"sha256\"", "\"createdAt\"", "\"metadata\"");
  }

  @Test
  void aCrashAtAnyWriteOfASaveLeavesThePreviousCheckpointLoadable() throws IOException {
    int crashes = 0;
    for (int failAt = 1; ; failAt++) {
      Path runDir = dir.resolve("run-" + failAt);
      ObjectStore real = new LocalObjectStore(runDir);
      save(real, 100);
      FailingObjectStore failing = new FailingObjectStore(real, failAt);
      try {
        save(failing, 200);
      } catch (IOException e) {
        assertThat(e).hasMessageContaining("injected crash");
      }
      boolean manifestWritten = real.exists(StorageLayout.checkpointManifest(200));
      long expectedStep = manifestWritten ? 200 : 100;

      CheckpointStore.Loaded<Map<String, byte[]>> loaded = loadLatest(real);
      assertThat(loaded.checkpoint().step())
          .as("crash at mutation %d", failAt)
          .isEqualTo(expectedStep);
      assertThat(loaded.value()).containsExactlyEntriesOf(filesOf(expectedStep));
      assertThat(new CheckpointStore(real).latestValid().orElseThrow().step())
          .isEqualTo(expectedStep);

      // The restarted trainer saves the same step again over the leftovers.
      if (!manifestWritten) {
        save(real, 200);
        assertThat(loadLatest(real).value()).containsExactlyEntriesOf(filesOf(200));
      }
      if (!failing.crashed()) {
        break;
      }
      crashes++;
    }
    // 3 files of 1-5 writes each, their creates and commits, the deletes, manifest and LATEST.
    assertThat(crashes).isGreaterThan(15);
  }

  @Test
  void aCorruptedFileIsDetectedAndLoadingFallsBackToThePreviousCheckpoint() throws IOException {
    ObjectStore store = new LocalObjectStore(dir);
    save(store, 100);
    save(store, 200);
    byte[] tampered = filesOf(200).get("generator.params");
    tampered[12_345] ^= 1;
    store.writeBytes("checkpoints/step-00000200/generator.params", tampered);

    CheckpointStore checkpoints = new CheckpointStore(store);
    assertThatThrownBy(() -> checkpoints.open(200).orElseThrow().verify())
        .isInstanceOf(CheckpointCorruptedException.class)
        .hasMessageContaining("checkpoints/step-00000200/generator.params")
        .hasMessageContaining("sha256");
    assertThat(checkpoints.latestValid().orElseThrow().step()).isEqualTo(100);
    CheckpointStore.Loaded<Map<String, byte[]>> loaded = loadLatest(store);
    assertThat(loaded.checkpoint().step()).isEqualTo(100);
    assertThat(loaded.value()).containsExactlyEntriesOf(filesOf(100));
  }

  @Test
  void aCheckpointWithoutManifestOrWithAMissingFileDoesNotExist() throws IOException {
    ObjectStore store = new LocalObjectStore(dir);
    save(store, 100);
    save(store, 200);
    save(store, 300);
    store.delete("checkpoints/step-00000300/discriminator.params");
    store.delete("checkpoints/step-00000200/MANIFEST.json");
    store.writeBytes("checkpoints/step-00000400/generator.params", new byte[10]);
    store.writeBytes("checkpoints/step-00000500/MANIFEST.json", "{not json".getBytes(UTF_8));

    CheckpointStore checkpoints = new CheckpointStore(store);
    assertThat(checkpoints.listComplete())
        .extracting(CheckpointManifest::step)
        .containsExactly(100L);
    assertThat(checkpoints.latestStep()).hasValue(100);
    assertThat(checkpoints.open(300)).isEmpty();
    assertThat(loadLatest(store).checkpoint().step()).isEqualTo(100);
  }

  @Test
  void latestIsOnlyAHint() throws IOException {
    ObjectStore store = new LocalObjectStore(dir);
    save(store, 100);
    save(store, 200);
    store.writeBytes(StorageLayout.CHECKPOINT_LATEST, "step-00000900\n".getBytes(UTF_8));
    assertThat(new CheckpointStore(store).latestValid().orElseThrow().step()).isEqualTo(200);
    store.delete(StorageLayout.CHECKPOINT_LATEST);
    assertThat(new CheckpointStore(store).latestValid().orElseThrow().step()).isEqualTo(200);
  }

  @Test
  void retentionKeepsTheNewestCompleteCheckpointsAndRemovesStaleIncompleteOnes()
      throws IOException {
    ObjectStore store = new LocalObjectStore(dir);
    save(store, 100);
    store.writeBytes("checkpoints/step-00000150/generator.params", new byte[10]);
    save(store, 200);
    save(store, 300);
    save(store, 400);
    store.writeBytes("checkpoints/step-00000500/generator.params", new byte[10]);

    new CheckpointStore(store).retain(2);

    assertThat(new CheckpointStore(store).listComplete())
        .extracting(CheckpointManifest::step)
        .containsExactly(300L, 400L);
    assertThat(store.list("checkpoints/"))
        .extracting(ObjectInfo::key)
        .allMatch(
            key ->
                key.startsWith("checkpoints/step-00000300/")
                    || key.startsWith("checkpoints/step-00000400/")
                    || key.equals("checkpoints/step-00000500/generator.params")
                    || key.equals(StorageLayout.CHECKPOINT_LATEST));
  }

  @Test
  void completeCheckpointsAreNeverOverwrittenAndWriterMisuseIsRefused() throws IOException {
    ObjectStore store = new LocalObjectStore(dir);
    save(store, 100);
    CheckpointStore checkpoints = new CheckpointStore(store);
    assertThatThrownBy(() -> checkpoints.begin(100))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("step-00000100");

    try (CheckpointWriter writer = checkpoints.begin(200)) {
      assertThatThrownBy(() -> writer.open("../escape"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> writer.open("MANIFEST.json"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> writer.commit(null)).isInstanceOf(IllegalStateException.class);
      writer.writeFile("a.bin", new byte[] {1});
      assertThatThrownBy(() -> writer.writeFile("a.bin", new byte[] {2}))
          .isInstanceOf(IllegalArgumentException.class);
    }
    // Closed without commit: abandoned, nothing left behind.
    assertThat(store.list("checkpoints/step-00000200/")).isEmpty();
    assertThat(checkpoints.latestStep()).hasValue(100);
  }

  @Test
  void checkpointsRoundTripThroughS3() throws IOException {
    try (ObjectStore store = S3.newStore("prefix/ns/exp/")) {
      save(store, 100);
      save(store, 200);
      new CheckpointStore(store).retain(1);

      CheckpointStore.Loaded<Map<String, byte[]>> loaded = loadLatest(store);
      assertThat(loaded.checkpoint().step()).isEqualTo(200);
      assertThat(loaded.value()).containsExactlyEntriesOf(filesOf(200));
      assertThat(loaded.checkpoint().location())
          .endsWith("/prefix/ns/exp/checkpoints/step-00000200/");
      assertThat(new CheckpointStore(store).listComplete()).hasSize(1);
    }
  }
}
