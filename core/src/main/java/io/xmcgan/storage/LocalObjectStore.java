package io.xmcgan.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Objects as files under a root directory. Writes go to a temporary file under {@value #TMP_DIR} in
 * the root (the same file system) and are published by an atomic rename.
 */
public final class LocalObjectStore implements ObjectStore {

  /** Holds files being written; never listed. */
  public static final String TMP_DIR = ".xmcgan-tmp";

  private final Path root;

  public LocalObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public URI root() {
    return root.toUri();
  }

  private Path resolve(String key) {
    return root.resolve(ObjectKeys.check(key));
  }

  @Override
  public InputStream read(String key) throws IOException {
    Path file = resolve(key);
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException("object '" + key + "' does not exist (file " + file + ")");
    } catch (AccessDeniedException e) {
      throw new StorageAccessDeniedException(
          "cannot read " + file + ": permission denied; check the directory's owner and mode", e);
    }
  }

  @Override
  public PendingObject create(String key) throws IOException {
    Path target = resolve(key);
    Path tmpDir = root.resolve(TMP_DIR);
    try {
      Files.createDirectories(tmpDir);
    } catch (AccessDeniedException e) {
      throw new StorageAccessDeniedException(
          "cannot create " + tmpDir + ": permission denied; check the directory's owner and mode",
          e);
    }
    Path tmp = tmpDir.resolve(UUID.randomUUID() + ".partial");
    FileChannel channel =
        FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new LocalPendingObject(channel, tmp, target);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    Path file = resolve(key);
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(
          new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<ObjectInfo> list(String prefix) throws IOException {
    ObjectKeys.checkPrefix(prefix);
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    List<ObjectInfo> result = new ArrayList<>();
    try (Stream<Path> files = Files.walk(start)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String key =
            root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        if (key.startsWith(prefix) && !key.startsWith(TMP_DIR + "/")) {
          try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isRegularFile()) {
              result.add(
                  new ObjectInfo(
                      key, attributes.size(), attributes.lastModifiedTime().toInstant()));
            }
          } catch (NoSuchFileException deletedMeanwhile) {
            // Another writer deleted it between the walk and the stat: it is no longer listed.
          }
        }
      }
    }
    result.sort(Comparator.comparing(ObjectInfo::key));
    return result;
  }

  @Override
  public void delete(String key) throws IOException {
    Path file = resolve(key);
    Files.deleteIfExists(file);
    removeEmptyParents(file.getParent());
  }

  /** Keeps the tree free of directories that only held deleted objects. */
  private void removeEmptyParents(Path dir) {
    while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
      try {
        Files.delete(dir);
      } catch (IOException notEmptyOrGone) {
        return;
      }
      dir = dir.getParent();
    }
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "LocalObjectStore[" + root + "]";
  }

  private static final class LocalPendingObject extends PendingObject {
    private final FileChannel channel;
    private final OutputStream out;
    private final Path tmp;
    private final Path target;
    private boolean finished;

    LocalPendingObject(FileChannel channel, Path tmp, Path target) {
      this.channel = channel;
      this.out = Channels.newOutputStream(channel);
      this.tmp = tmp;
      this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
      ensureOpen();
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ensureOpen();
      out.write(b, off, len);
    }

    private void ensureOpen() throws IOException {
      if (finished) {
        throw new IOException("object " + target + " was already committed or closed");
      }
    }

    @Override
    public void commit() throws IOException {
      ensureOpen();
      finished = true;
      try {
        channel.force(true);
        channel.close();
        Files.createDirectories(target.getParent());
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      if (!finished) {
        finished = true;
        channel.close();
        Files.deleteIfExists(tmp);
      }
    }
  }
}
