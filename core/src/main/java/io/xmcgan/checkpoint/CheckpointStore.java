package io.xmcgan.checkpoint;

import io.xmcgan.storage.ObjectInfo;
import io.xmcgan.storage.ObjectNotFoundException;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.files.StorageJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one experiment under {@code checkpoints/} of a store rooted at the experiment.
 * A checkpoint exists only when its {@code MANIFEST.json} is valid and every file it names is
 * present with the recorded size; {@code LATEST} is only a hint.
 */
public final class CheckpointStore {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

  private final ObjectStore store;

  /**
   * @param experimentStore a store rooted at the experiment root ({@code <prefix>/<ns>/<name>/})
   */
  public CheckpointStore(ObjectStore experimentStore) {
    this.store = experimentStore;
  }

  /** A checkpoint that a {@link #load} call returned, with the value the loader built from it. */
  public record Loaded<T>(Checkpoint checkpoint, T value) {}

  /** Builds a value (e.g. restored model weights) from the files of a checkpoint. */
  @FunctionalInterface
  public interface Loader<T> {
    T load(Checkpoint checkpoint) throws IOException;
  }

  /**
   * Starts saving the checkpoint of {@code step}. Leftovers of an earlier save of the same step
   * that crashed before its manifest are deleted first.
   *
   * @throws IllegalStateException when a complete checkpoint of this step already exists
   */
  public CheckpointWriter begin(long step) throws IOException {
    String dir = StorageLayout.checkpointDir(step);
    if (store.exists(StorageLayout.checkpointManifest(step)) && readManifest(step).isPresent()) {
      throw new IllegalStateException(
          "checkpoint "
              + store.root()
              + dir
              + " already exists; checkpoints are never overwritten");
    }
    store.deleteAll(dir);
    return new CheckpointWriter(store, step);
  }

  /** The manifests of every complete checkpoint, oldest first. Files are not hashed. */
  public List<CheckpointManifest> listComplete() throws IOException {
    List<CheckpointManifest> complete = new ArrayList<>();
    for (Map.Entry<Long, List<ObjectInfo>> entry : listByStep().entrySet()) {
      completeManifest(entry.getKey(), entry.getValue()).ifPresent(complete::add);
    }
    return complete;
  }

  /** The step of the newest complete checkpoint, without hashing any file. */
  public OptionalLong latestStep() throws IOException {
    List<CheckpointManifest> complete = listComplete();
    return complete.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(complete.get(complete.size() - 1).step());
  }

  /** Opens the complete checkpoint of {@code step} without hashing its files yet. */
  public Optional<Checkpoint> open(long step) throws IOException {
    List<ObjectInfo> objects = store.list(StorageLayout.checkpointDir(step));
    return completeManifest(step, objects).map(manifest -> new Checkpoint(store, manifest));
  }

  /**
   * The newest complete checkpoint whose files all match their SHA-256 (every file is read once). A
   * corrupted one is logged and skipped in favour of the previous one.
   */
  public Optional<Checkpoint> latestValid() throws IOException {
    return load(checkpoint -> {
          checkpoint.verify();
          return checkpoint;
        })
        .map(Loaded::checkpoint);
  }

  /**
   * Runs {@code loader} on the newest complete checkpoint; if a file turns out to be corrupted or
   * missing while it reads, tries the previous complete checkpoint, and so on. Empty when no
   * checkpoint can be loaded.
   */
  public <T> Optional<Loaded<T>> load(Loader<T> loader) throws IOException {
    for (CheckpointManifest manifest : candidatesNewestFirst()) {
      Checkpoint checkpoint = new Checkpoint(store, manifest);
      try {
        return Optional.of(new Loaded<>(checkpoint, loader.load(checkpoint)));
      } catch (CheckpointCorruptedException | ObjectNotFoundException e) {
        LOG.warn(
            "checkpoint {} cannot be used ({}); falling back to the previous one",
            checkpoint.location(),
            e.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Deletes all but the newest {@code keep} complete checkpoints, and incomplete directories older
   * than the newest complete checkpoint (saves that crashed). Newer incomplete ones may be a save
   * in progress and are kept.
   */
  public void retain(int keep) throws IOException {
    if (keep < 1) {
      throw new IllegalArgumentException("keepCheckpoints must be at least 1, got " + keep);
    }
    TreeMap<Long, List<ObjectInfo>> byStep = listByStep();
    List<Long> complete = new ArrayList<>();
    for (Map.Entry<Long, List<ObjectInfo>> entry : byStep.entrySet()) {
      if (completeManifest(entry.getKey(), entry.getValue()).isPresent()) {
        complete.add(entry.getKey());
      }
    }
    if (complete.isEmpty()) {
      return;
    }
    long newestComplete = complete.get(complete.size() - 1);
    List<Long> kept = complete.subList(Math.max(0, complete.size() - keep), complete.size());
    for (Map.Entry<Long, List<ObjectInfo>> entry : byStep.entrySet()) {
      long step = entry.getKey();
      if (kept.contains(step) || step > newestComplete) {
        continue;
      }
      deleteCheckpoint(step, entry.getValue());
    }
  }

  /** Deletes the manifest first, so a checkpoint being deleted is never seen as complete. */
  private void deleteCheckpoint(long step, List<ObjectInfo> objects) throws IOException {
    String manifestKey = StorageLayout.checkpointManifest(step);
    store.delete(manifestKey);
    for (ObjectInfo object : objects) {
      if (!object.key().equals(manifestKey)) {
        store.delete(object.key());
      }
    }
    LOG.info("deleted checkpoint {}{}", store.root(), StorageLayout.checkpointDir(step));
  }

  /** Complete manifests newest first, starting with the one LATEST names when it is valid. */
  private List<CheckpointManifest> candidatesNewestFirst() throws IOException {
    List<CheckpointManifest> complete = new ArrayList<>(listComplete());
    complete.sort(Comparator.comparingLong(CheckpointManifest::step).reversed());
    OptionalLong hinted = readLatestHint();
    if (hinted.isPresent()) {
      boolean known = complete.stream().anyMatch(m -> m.step() == hinted.getAsLong());
      if (!known) {
        LOG.warn(
            "{}{} names step {}, which is not a complete checkpoint; using the newest complete one",
            store.root(),
            StorageLayout.CHECKPOINT_LATEST,
            hinted.getAsLong());
      }
    }
    return complete;
  }

  private OptionalLong readLatestHint() throws IOException {
    try {
      String text =
          new String(store.readBytes(StorageLayout.CHECKPOINT_LATEST), StandardCharsets.UTF_8);
      return StorageLayout.parseStepName(text.strip());
    } catch (ObjectNotFoundException e) {
      return OptionalLong.empty();
    }
  }

  private TreeMap<Long, List<ObjectInfo>> listByStep() throws IOException {
    TreeMap<Long, List<ObjectInfo>> byStep = new TreeMap<>();
    for (ObjectInfo object : store.list(StorageLayout.CHECKPOINTS_DIR)) {
      OptionalLong step = StorageLayout.checkpointStepOf(object.key());
      if (step.isPresent()) {
        byStep.computeIfAbsent(step.getAsLong(), s -> new ArrayList<>()).add(object);
      }
    }
    return byStep;
  }

  /** The manifest when it parses, names this step and every file it lists is present in full. */
  private Optional<CheckpointManifest> completeManifest(long step, List<ObjectInfo> objects)
      throws IOException {
    String manifestKey = StorageLayout.checkpointManifest(step);
    if (objects.stream().noneMatch(o -> o.key().equals(manifestKey))) {
      return Optional.empty();
    }
    Optional<CheckpointManifest> manifest = readManifest(step);
    if (manifest.isEmpty()) {
      return Optional.empty();
    }
    for (CheckpointFile file : manifest.get().files()) {
      String key = StorageLayout.checkpointFile(step, file.name());
      boolean present =
          objects.stream().anyMatch(o -> o.key().equals(key) && o.size() == file.size());
      if (!present) {
        LOG.warn(
            "checkpoint {}{} is incomplete: {} is missing or has the wrong size",
            store.root(),
            StorageLayout.checkpointDir(step),
            file.name());
        return Optional.empty();
      }
    }
    return manifest;
  }

  private Optional<CheckpointManifest> readManifest(long step) throws IOException {
    String key = StorageLayout.checkpointManifest(step);
    byte[] bytes;
    try {
      bytes = store.readBytes(key);
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
    try {
      CheckpointManifest manifest = StorageJson.mapper().readValue(bytes, CheckpointManifest.class);
      if (manifest.step() != step
          || manifest.formatVersion() != CheckpointManifest.FORMAT_VERSION
          || manifest.files() == null
          || manifest.files().isEmpty()) {
        LOG.warn("{}{} is not a valid manifest for step {}; ignored", store.root(), key, step);
        return Optional.empty();
      }
      return Optional.of(manifest);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}{} cannot be parsed ({}); ignored", store.root(), key, e.getMessage());
      return Optional.empty();
    }
  }
}
