package io.xmcgan.text;

import io.xmcgan.dataset.DataSpec;
import io.xmcgan.storage.LocalFiles;
import io.xmcgan.storage.StorageSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local files of a text encoder: the TorchScript module and its WordPiece vocabulary, fetched
 * from object storage or the classpath into a working directory when they are not local already.
 *
 * @param id what the data manifest records as the encoder: its URI, or {@value
 *     DataSpec#BUILTIN_TEXT_ENCODER}
 */
public record TextEncoderFiles(Path encoder, Path vocab, String id) {

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
              : LocalFiles.fetch(vocabUri, "text encoder vocabulary", settings, workDir);
      return new TextEncoderFiles(encoder, vocab, DataSpec.BUILTIN_TEXT_ENCODER);
    }
    String vocabLocation = vocabUri != null ? vocabUri : sibling(encoderUri, VOCAB_FILE);
    return new TextEncoderFiles(
        LocalFiles.fetch(encoderUri, "text encoder file", settings, workDir),
        LocalFiles.fetch(vocabLocation, "text encoder vocabulary", settings, workDir),
        encoderUri);
  }

  private static Path fromClasspath(String name, Path workDir) throws IOException {
    return LocalFiles.fromClasspath(
        BUILTIN_RESOURCE_DIR + name,
        workDir.resolve("shapes-tiny-" + name),
        "the built-in text encoder file");
  }

  private static String sibling(String location, String name) {
    int slash = location.lastIndexOf('/');
    return location.substring(0, slash + 1) + name;
  }
}
