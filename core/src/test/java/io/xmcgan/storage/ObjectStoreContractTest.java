package io.xmcgan.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xmcgan.storage.testing.GeneratedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ObjectStore} implementation guarantees; run against each one. */
abstract class ObjectStoreContractTest {

  private static final long MIB = 1024 * 1024;

  protected ObjectStore store;

  /** A new, empty store; part size (where there is one) is the 5 MiB minimum. */
  protected abstract ObjectStore newStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws IOException {
    store.close();
  }

  @Test
  void writtenBytesReadBackAndStatReportsTheirSize() throws IOException {
    store.writeBytes("a/b/hello.json", "{\"x\":1}".getBytes(UTF_8));

    assertThat(new String(store.readBytes("a/b/hello.json"), UTF_8)).isEqualTo("{\"x\":1}");
    assertThat(store.stat("a/b/hello.json")).get().extracting(ObjectInfo::size).isEqualTo(7L);
    assertThat(store.exists("a/b/hello.json")).isTrue();
  }

  @Test
  void missingObjectIsReportedAsNotFound() throws IOException {
    assertThat(store.stat("nope/missing.bin")).isEmpty();
    assertThat(store.exists("nope/missing.bin")).isFalse();
    assertThatThrownBy(() -> store.read("nope/missing.bin"))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining("nope/missing.bin");
  }

  @Test
  void emptyObjectRoundTrips() throws IOException {
    store.writeBytes("empty", new byte[0]);
    assertThat(store.readBytes("empty")).isEmpty();
    assertThat(store.stat("empty")).get().extracting(ObjectInfo::size).isEqualTo(0L);
  }

  @Test
  void listReturnsEveryLevelBelowThePrefixSortedAndNothingElse() throws IOException {
    for (String key :
        List.of(
            "data/train-00001-of-00002.tfrecord",
            "data/train-00000-of-00002.tfrecord",
            "data/stats/train.npz",
            "data/val-00000-of-00001.tfrecord",
            "checkpoints/LATEST",
            "progress.json")) {
      store.writeBytes(key, key.getBytes(UTF_8));
    }

    assertThat(store.list("data/train-"))
        .extracting(ObjectInfo::key)
        .containsExactly(
            "data/train-00000-of-00002.tfrecord", "data/train-00001-of-00002.tfrecord");
    assertThat(store.list("data/"))
        .extracting(ObjectInfo::key)
        .containsExactly(
            "data/stats/train.npz",
            "data/train-00000-of-00002.tfrecord",
            "data/train-00001-of-00002.tfrecord",
            "data/val-00000-of-00001.tfrecord");
    assertThat(store.list("")).hasSize(6);
    assertThat(store.list("data/train-00000-of-00002.tfrecord").get(0).size())
        .isEqualTo("data/train-00000-of-00002.tfrecord".length());
    assertThat(store.list("missing/")).isEmpty();
  }

  @Test
  void uncommittedWriteOfSeveralPartsStaysInvisibleAndDoesNotReplaceTheOldObject()
      throws IOException {
    store.writeBytes("ckpt/model.bin", "old".getBytes(UTF_8));
    byte[] chunk = new byte[(int) MIB];
    try (PendingObject pending = store.create("ckpt/model.bin")) {
      for (int i = 0; i < 6; i++) {
        pending.write(chunk);
      }
      assertThat(store.readBytes("ckpt/model.bin")).asString(UTF_8).isEqualTo("old");
      assertThat(store.list("ckpt/")).extracting(ObjectInfo::key).containsExactly("ckpt/model.bin");
    }
    try (PendingObject pending = store.create("ckpt/other.bin")) {
      pending.write(chunk);
    }

    assertThat(store.readBytes("ckpt/model.bin")).asString(UTF_8).isEqualTo("old");
    assertThat(store.exists("ckpt/other.bin")).isFalse();
    assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("ckpt/model.bin");
  }

  @Test
  void commitReplacesTheObjectAndAWriterCannotBeUsedAfterwards() throws IOException {
    store.writeBytes("x", "old".getBytes(UTF_8));
    PendingObject pending = store.create("x");
    pending.write("new".getBytes(UTF_8));
    pending.commit();

    assertThat(store.readBytes("x")).asString(UTF_8).isEqualTo("new");
    assertThatThrownBy(() -> pending.write(1)).isInstanceOf(IOException.class);
    assertThatThrownBy(pending::commit).isInstanceOf(IOException.class);
    pending.close();
    assertThat(store.readBytes("x")).asString(UTF_8).isEqualTo("new");
  }

  @Test
  void deleteRemovesTheObjectAndDeletingAMissingOneSucceeds() throws IOException {
    store.writeBytes("d/one", new byte[] {1});
    store.writeBytes("d/two", new byte[] {2});

    store.delete("d/one");
    store.delete("d/never-existed");

    assertThat(store.exists("d/one")).isFalse();
    assertThat(store.list("d/")).extracting(ObjectInfo::key).containsExactly("d/two");
    store.deleteAll("d/");
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void keysThatCouldEscapeTheRootAreRejected() {
    for (String bad : List.of("../x", "/abs", "a//b", "a/./b", "dir/", "")) {
      assertThatThrownBy(() -> store.writeBytes(bad, new byte[1]))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store.list("../")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hundredMegabyteObjectStreamsThroughWithBoundedMemory() throws Exception {
    long size = 100 * MIB;
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long baseline = runtime.totalMemory() - runtime.freeMemory();
    long[] heapDuringWrite = new long[1];
    GeneratedInputStream source =
        new GeneratedInputStream(size, 42) {
          @Override
          protected void afterRead(long produced) {
            if (heapDuringWrite[0] == 0 && produced >= size * 3 / 4) {
              System.gc();
              heapDuringWrite[0] = runtime.totalMemory() - runtime.freeMemory();
            }
          }
        };
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    long copied;
    try (InputStream in = new DigestInputStream(source, written)) {
      copied = store.write("big/object.bin", in);
    }

    MessageDigest read = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(store.read("big/object.bin"), read)) {
      in.transferTo(OutputStream.nullOutputStream());
    }

    assertThat(copied).isEqualTo(size);
    assertThat(store.stat("big/object.bin")).get().extracting(ObjectInfo::size).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(read.digest()))
        .isEqualTo(HexFormat.of().formatHex(written.digest()));
    // Live heap 3/4 through the upload: a store that held the object would be up by ~75 MiB.
    assertThat(heapDuringWrite[0] - baseline).isLessThan(40 * MIB);
  }

  @Test
  void concurrentWritersNeverProduceAMixedObject() throws Exception {
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        futures.add(
            pool.submit(
                () -> {
                  byte[] payload = payload(id, 6 * (int) MIB + id);
                  store.writeBytes("own/" + id, payload);
                  store.writeBytes("shared", payload);
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    for (int w = 0; w < writers; w++) {
      assertThat(store.readBytes("own/" + w)).isEqualTo(payload(w, 6 * (int) MIB + w));
    }
    byte[] shared = store.readBytes("shared");
    int winner = shared[0];
    assertThat(shared).isEqualTo(payload(winner, 6 * (int) MIB + winner));
  }

  private static byte[] payload(int id, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (id + i * 31);
    }
    bytes[0] = (byte) id;
    return bytes;
  }
}
