package io.xmcgan.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.PendingObject;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.files.StorageJson;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Saves one checkpoint: callers stream each file through {@link #open(String)}, then {@link
 * #commit(JsonNode)} writes {@code MANIFEST.json} and updates {@code LATEST}. Until the manifest is
 * written the checkpoint does not exist for readers; closing without a commit abandons it.
 */
public final class CheckpointWriter implements AutoCloseable {

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final ObjectStore store;
  private final long step;
  private final Map<String, CheckpointFile> files = new LinkedHashMap<>();
  private final List<String> written = new ArrayList<>();
  private FileOutput openFile;
  private boolean failed;
  private boolean finished;

  CheckpointWriter(ObjectStore store, long step) {
    this.store = store;
    this.step = step;
  }

  public long step() {
    return step;
  }

  /**
   * Opens the named file for streaming; closing the stream stores it (size and SHA-256 are computed
   * on the way). One file at a time.
   */
  public OutputStream open(String fileName) throws IOException {
    ensureWritable();
    if (!FILE_NAME.matcher(fileName).matches()
        || fileName.equals(StorageLayout.CHECKPOINT_MANIFEST)) {
      throw new IllegalArgumentException(
          "checkpoint file name '"
              + fileName
              + "' must be letters, digits, '.', '_' or '-' and must not be "
              + StorageLayout.CHECKPOINT_MANIFEST);
    }
    if (files.containsKey(fileName) || written.contains(fileName)) {
      throw new IllegalArgumentException(
          "checkpoint file '" + fileName + "' was already written for step " + step);
    }
    if (openFile != null) {
      throw new IllegalStateException(
          "close checkpoint file '" + openFile.name + "' before opening '" + fileName + "'");
    }
    String key = StorageLayout.checkpointFile(step, fileName);
    written.add(fileName);
    openFile = new FileOutput(fileName, store.create(key));
    return openFile;
  }

  /** Stores a small file given as bytes. */
  public void writeFile(String fileName, byte[] bytes) throws IOException {
    try (OutputStream out = open(fileName)) {
      out.write(bytes);
    }
  }

  /**
   * Writes the manifest (with {@code metadata}, which may be null), which makes the checkpoint
   * exist, then points {@code checkpoints/LATEST} at it.
   */
  public CheckpointManifest commit(JsonNode metadata) throws IOException {
    ensureWritable();
    if (openFile != null) {
      throw new IllegalStateException(
          "checkpoint file '" + openFile.name + "' is still open; close it before commit");
    }
    if (files.isEmpty()) {
      throw new IllegalStateException(
          "checkpoint step " + step + " has no files; write some first");
    }
    CheckpointManifest manifest =
        new CheckpointManifest(
            CheckpointManifest.FORMAT_VERSION,
            step,
            Instant.now(),
            new ArrayList<>(files.values()),
            metadata);
    store.writeBytes(
        StorageLayout.checkpointManifest(step), StorageJson.mapper().writeValueAsBytes(manifest));
    finished = true;
    store.writeBytes(
        StorageLayout.CHECKPOINT_LATEST,
        (StorageLayout.stepName(step) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return manifest;
  }

  /** Abandons an uncommitted checkpoint, deleting the files written so far (best effort). */
  @Override
  public void close() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    if (openFile != null) {
      openFile.abandon();
    }
    for (String name : written) {
      store.delete(StorageLayout.checkpointFile(step, name));
    }
  }

  private void ensureWritable() {
    if (finished) {
      throw new IllegalStateException(
          "checkpoint step " + step + " was already committed or closed");
    }
    if (failed) {
      throw new IllegalStateException(
          "writing checkpoint step " + step + " failed earlier; start a new checkpoint");
    }
  }

  private final class FileOutput extends OutputStream {
    private final String name;
    private final PendingObject pending;
    private final MessageDigest digest = VerifyingInputStream.sha256();
    private long size;
    private boolean closed;

    FileOutput(String name, PendingObject pending) {
      this.name = name;
      this.pending = pending;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("checkpoint file '" + name + "' is closed");
      }
      try {
        pending.write(b, off, len);
      } catch (IOException | RuntimeException e) {
        failed = true;
        throw e;
      }
      digest.update(b, off, len);
      size += len;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      openFile = null;
      if (failed) {
        pending.close();
        return;
      }
      try {
        pending.commit();
      } catch (IOException | RuntimeException e) {
        failed = true;
        throw e;
      }
      files.put(name, new CheckpointFile(name, size, HexFormat.of().formatHex(digest.digest())));
    }

    void abandon() throws IOException {
      closed = true;
      openFile = null;
      pending.close();
    }
  }
}
