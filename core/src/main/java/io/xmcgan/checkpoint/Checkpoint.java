package io.xmcgan.checkpoint;

import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A complete checkpoint (one with a valid manifest); its files are verified as they are read. */
public final class Checkpoint {

  private final ObjectStore store;
  private final CheckpointManifest manifest;

  Checkpoint(ObjectStore store, CheckpointManifest manifest) {
    this.store = store;
    this.manifest = manifest;
  }

  public long step() {
    return manifest.step();
  }

  public CheckpointManifest manifest() {
    return manifest;
  }

  /**
   * Where the checkpoint lives, e.g. {@code s3://bucket/prefix/ns/exp/checkpoints/step-00001000/}.
   */
  public String location() {
    return store.root() + StorageLayout.checkpointDir(step());
  }

  /**
   * Streams one file. Reading to the end or closing the stream checks size and SHA-256 against the
   * manifest and throws {@link CheckpointCorruptedException} on a mismatch, so callers must not use
   * what they read before the stream is closed without error.
   */
  public InputStream open(String fileName) throws IOException {
    CheckpointFile file =
        manifest
            .file(fileName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "checkpoint "
                            + location()
                            + " has no file '"
                            + fileName
                            + "'; it has "
                            + manifest.files().stream().map(CheckpointFile::name).toList()));
    String key = StorageLayout.checkpointFile(step(), fileName);
    return new VerifyingInputStream(store.read(key), file, store.root() + key);
  }

  /** Reads every file and checks it against the manifest. */
  public void verify() throws IOException {
    for (CheckpointFile file : manifest.files()) {
      try (InputStream in = open(file.name())) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    }
  }

  @Override
  public String toString() {
    return "Checkpoint[" + location() + "]";
  }
}
