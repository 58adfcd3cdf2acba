package io.xmcgan.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Single files named by URI (model weights, vocabularies, descriptions) as local paths: a path or
 * {@code file://} URI as is, an object-storage URI downloaded into a working directory, a file
 * shipped on the classpath copied into one.
 */
public final class LocalFiles {

  private LocalFiles() {}

  /**
   * @param what how errors name the file, e.g. "text encoder file"
   * @throws IllegalArgumentException when the file does not exist or the URI names a folder
   */
  public static Path fetch(String location, String what, StorageSettings settings, Path workDir)
      throws IOException {
    if (!location.contains("://")) {
      return requireFile(Path.of(location), location, what);
    }
    URI uri = URI.create(location);
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      return requireFile(Path.of(uri), location, what);
    }
    int slash = location.lastIndexOf('/');
    String name = location.substring(slash + 1);
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          what + " location " + location + " names a folder; give the file's URI");
    }
    Files.createDirectories(workDir);
    try (ObjectStore store = ObjectStores.open(location.substring(0, slash + 1), settings);
        InputStream in = store.read(name)) {
      Path target = Files.createTempFile(workDir, "fetched-", "-" + name);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (ObjectNotFoundException e) {
      throw new IllegalArgumentException(what + " " + location + " does not exist", e);
    }
  }

  /**
   * Copies the classpath resource {@code resource} (absolute, e.g. "/text-encoders/x/vocab.txt") to
   * {@code target}, replacing what is there: native libraries and tokenizers need real files.
   *
   * @param what how the error names the file, e.g. "built-in text encoder file"
   */
  public static Path fromClasspath(String resource, Path target, String what) throws IOException {
    try (InputStream in = LocalFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(what + " " + resource + " is missing from the classpath");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    }
  }

  private static Path requireFile(Path path, String location, String what) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(what + " " + location + " does not exist");
    }
    return path;
  }
}
