package io.xmcgan.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A flat key/value store of immutable byte objects (S3 or a local directory). Keys are relative to
 * the store's root, use {@code /} as separator and never start with one. Objects become visible
 * atomically: a reader sees either the previous object or the complete new one.
 */
public interface ObjectStore extends AutoCloseable {

  /** The root this store was opened at, e.g. {@code s3://bucket/prefix/} or {@code file:/dir/}. */
  URI root();

  /** Opens the object for streaming reads; fails with {@link ObjectNotFoundException}. */
  InputStream read(String key) throws IOException;

  /** Starts writing an object; it becomes visible only when {@link PendingObject#commit()} runs. */
  PendingObject create(String key) throws IOException;

  /** The object's size and time, or empty when it does not exist. */
  Optional<ObjectInfo> stat(String key) throws IOException;

  /**
   * Every object whose key starts with {@code prefix} (all levels below it), sorted by key.
   * Directory markers (keys ending in {@code /}) are never returned.
   */
  List<ObjectInfo> list(String prefix) throws IOException;

  /** Deletes the object; deleting a missing object succeeds. */
  void delete(String key) throws IOException;

  @Override
  void close() throws IOException;

  /** Streams {@code in} into a new object and publishes it; returns the number of bytes. */
  default long write(String key, InputStream in) throws IOException {
    try (PendingObject out = create(key)) {
      long copied = in.transferTo(out);
      out.commit();
      return copied;
    }
  }

  default void writeBytes(String key, byte[] bytes) throws IOException {
    try (PendingObject out = create(key)) {
      out.write(bytes);
      out.commit();
    }
  }

  /** Reads a whole object into memory: only for small objects such as JSON documents. */
  default byte[] readBytes(String key) throws IOException {
    try (InputStream in = read(key)) {
      return in.readAllBytes();
    }
  }

  default boolean exists(String key) throws IOException {
    return stat(key).isPresent();
  }

  /** Deletes every object under {@code prefix}. */
  default void deleteAll(String prefix) throws IOException {
    for (ObjectInfo info : list(prefix)) {
      delete(info.key());
    }
  }
}
