package io.xmcgan.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code MANIFEST.json}, written after every file of the checkpoint: its presence is what makes the
 * checkpoint exist.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param step the training step
 * @param createdAt when the manifest was written
 * @param files every file with its size and SHA-256
 * @param metadata caller data such as the resolved config or trainer state (may be null)
 */
public record CheckpointManifest(
    int formatVersion,
    long step,
    Instant createdAt,
    List<CheckpointFile> files,
    JsonNode metadata) {

  public static final int FORMAT_VERSION = 1;

  public CheckpointManifest {
    files = List.copyOf(files);
  }

  public Optional<CheckpointFile> file(String name) {
    return files.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
