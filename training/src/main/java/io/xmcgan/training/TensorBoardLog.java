package io.xmcgan.training;

import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.tensorboard.EventFileNames;
import io.xmcgan.tensorboard.EventFileWriter;
import io.xmcgan.tensorboard.SummaryImage;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;

/**
 * TensorBoard events of the training run under {@code tensorboard/train/}. Objects in the store are
 * immutable, so the event file is written locally and the whole file is published after every
 * write; once it passes {@value #ROLL_BYTES} bytes a new file is started, which bounds what each
 * publish uploads. A name already present in the store (a restart within the same second) gets a
 * numeric suffix, so earlier runs' events are never overwritten.
 */
final class TensorBoardLog implements Closeable {

  static final long ROLL_BYTES = 8L << 20;

  private final ObjectStore store;
  private final Path localDir;
  private final Clock clock;
  private EventFileWriter writer;
  private Path file;
  private String key;

  TensorBoardLog(ObjectStore store, Path localDir, Clock clock) {
    this.store = store;
    this.localDir = localDir;
    this.clock = clock;
  }

  void scalars(long step, Map<String, Double> values) throws IOException {
    current().writeScalars(step, values);
    publish();
  }

  void images(long step, Map<String, SummaryImage> images) throws IOException {
    current().writeImages(step, images);
    publish();
  }

  private EventFileWriter current() throws IOException {
    if (writer != null && Files.size(file) < ROLL_BYTES) {
      return writer;
    }
    if (writer != null) {
      writer.close();
    }
    String base = EventFileNames.fileName(clock.instant(), EventFileNames.localHostname());
    String dir = StorageLayout.tensorboardDir(StorageLayout.TensorBoardRun.TRAIN);
    String name = base;
    for (int suffix = 1;
        store.exists(dir + name) || Files.exists(localDir.resolve(name));
        suffix++) {
      name = base + "." + suffix;
    }
    Files.createDirectories(localDir);
    file = localDir.resolve(name);
    key = dir + name;
    writer =
        new EventFileWriter(
            Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            clock);
    return writer;
  }

  private void publish() throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      store.write(key, in);
    }
  }

  @Override
  public void close() throws IOException {
    if (writer != null) {
      writer.close();
      writer = null;
    }
  }
}
