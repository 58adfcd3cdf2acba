package io.xmcgan.preprocess;

import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The local files of a text encoder: the TorchScript module and its WordPiece vocabulary, fetched
 * from object storage or the classpath into a working directory when they are not local already.
 *
 * @param id what the data manifest records as the encoder: its URI, or {@value
 *     #BUILTIN_SHAPES_TINY}
 */
public record TextEncoderFiles(Path encoder, Path vocab, String id) {

  /** The encoder shipped in the trainer image (64 wide), used when no encoder URI is given. */
  public static final String BUILTIN_SHAPES_TINY = "builtin:shapes-tiny";

  public static final int BUILTIN_SHAPES_TINY_WIDTH = 64;

  private static final String BUILTIN_RESOURCE_DIR = "/text-encoders/shapes-tiny/";
  static final String ENCODER_FILE = "encoder.pt";
  static final String VOCAB_FILE = "vocab.txt";

  /**
   * Resolves the experiment's {@code textEncoder.uri} and {@code vocabUri}. A null encoder URI
   * means the built-in shapes-tiny encoder; a null vocabulary URI means {@code vocab.txt} next to
   * the encoder file.
   */
  public static TextEncoderFiles resolve(
      String encoderUri, String vocabUri, StorageSettings settings, Path workDir)
      throws IOException {
    Files.createDirectories(workDir);
    if (encoderUri == null) {
      Path encoder = fromClasspath(ENCODER_FILE, workDir);
      Path vocab =
          vocabUri == null
              ? fromClasspath(VOCAB_FILE, workDir)
              : fetch(vocabUri, settings, workDir);
      return new TextEncoderFiles(encoder, vocab, BUILTIN_SHAPES_TINY);
    }
    String vocabLocation = vocabUri != null ? vocabUri : sibling(encoderUri, VOCAB_FILE);
    return new TextEncoderFiles(
        fetch(encoderUri, settings, workDir), fetch(vocabLocation, settings, workDir), encoderUri);
  }

  private static Path fromClasspath(String name, Path workDir) throws IOException {
    try (InputStream in = TextEncoderFiles.class.getResourceAsStream(BUILTIN_RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IOException(
            "the built-in text encoder file " + name + " is missing from the trainer's classpath");
      }
      Path target = workDir.resolve("shapes-tiny-" + name);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    }
  }

  /** A local path as is; an {@code s3://} object downloaded into {@code workDir}. */
  private static Path fetch(String location, StorageSettings settings, Path workDir)
      throws IOException {
    if (!location.contains("://")) {
      return Path.of(location);
    }
    URI uri = URI.create(location);
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      return Path.of(uri);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    int slash = path.lastIndexOf('/');
    String parent = location.substring(0, location.length() - (path.length() - slash - 1));
    String name = path.substring(slash + 1);
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          "text encoder location " + location + " names a folder; give the file's URI");
    }
    try (ObjectStore store = ObjectStores.open(parent, settings);
        InputStream in = store.read(name)) {
      Path target = Files.createTempFile(workDir, "text-encoder-", "-" + name);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    }
  }

  private static String sibling(String location, String name) {
    int slash = location.lastIndexOf('/');
    return location.substring(0, slash + 1) + name;
  }
}
