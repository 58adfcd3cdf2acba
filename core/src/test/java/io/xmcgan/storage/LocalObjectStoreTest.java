package io.xmcgan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContractTest {

  @TempDir Path dir;

  @Override
  protected ObjectStore newStore() {
    return ObjectStores.open(dir.toUri().toString(), StorageSettings.DEFAULTS);
  }

  @Test
  void objectsAreFilesUnderTheRootAndUnfinishedWritesLeaveNoFile() throws IOException {
    store.writeBytes("exp/progress.json", new byte[] {'{', '}'});
    try (PendingObject pending = store.create("exp/partial.bin")) {
      pending.write(new byte[100]);
      assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("exp/progress.json");
    }

    assertThat(dir.resolve("exp/progress.json")).hasContent("{}");
    assertThat(dir.resolve("exp/partial.bin")).doesNotExist();
    try (var files = Files.list(dir.resolve(LocalObjectStore.TMP_DIR))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void plainPathsAndFileUrisOpenTheSameDirectory() throws IOException {
    store.writeBytes("k", new byte[] {7});
    try (ObjectStore byPath = ObjectStores.open(dir.toString(), StorageSettings.DEFAULTS)) {
      assertThat(byPath.readBytes("k")).containsExactly(7);
      assertThat(byPath.root()).isEqualTo(store.root());
    }
  }
}
