package io.xmcgan.text;

import io.xmcgan.dataset.DataSpec;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.spec.BuiltinTextEncoder;
import io.xmcgan.storage.LocalFiles;
import io.xmcgan.storage.StorageSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a text encoder comes from: a TorchScript module and its WordPiece vocabulary as local files
 * (fetched from object storage or, for shapes-tiny, copied from the classpath into a working
 * directory), or the built-in minilm-l6, which is read straight from its jar on the classpath and
 * has no files here.
 *
 * @param encoder the TorchScript file; null for minilm-l6
 * @param vocab the vocab.txt; null for minilm-l6
 * @param id what the data manifest records as the encoder: its URI, or a built-in encoder's {@link
 *     BuiltinTextEncoder#id()}
 * @param builtin the built-in encoder, or null for the user's file
 */
public record TextEncoderFiles(Path encoder, Path vocab, String id, BuiltinTextEncoder builtin) {

  public static final int BUILTIN_SHAPES_TINY_WIDTH = BuiltinTextEncoder.SHAPES_TINY.width();

  private static final String BUILTIN_RESOURCE_DIR = "/text-encoders/shapes-tiny/";
  static final String ENCODER_FILE = "encoder.pt";
  static final String VOCAB_FILE = "vocab.txt";

  /** The experiment's encoder: {@code textEncoderUri}, else its built-in one. */
  public static TextEncoderFiles resolve(
      ResolvedExperiment.Data data, StorageSettings settings, Path workDir) throws IOException {
    if (data.builtinTextEncoder().orElse(null) == BuiltinTextEncoder.MINILM_L6) {
      return new TextEncoderFiles(
          null, null, BuiltinTextEncoder.MINILM_L6.id(), BuiltinTextEncoder.MINILM_L6);
    }
    return resolve(data.textEncoderUri(), data.vocabUri(), settings, workDir);
  }

  /**
   * Resolves a TorchScript encoder's {@code uri} and {@code vocabUri}. A null encoder URI means the
   * built-in shapes-tiny encoder; a null vocabulary URI means {@code vocab.txt} next to the encoder
   * file.
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
      return new TextEncoderFiles(
          encoder, vocab, DataSpec.BUILTIN_TEXT_ENCODER, BuiltinTextEncoder.SHAPES_TINY);
    }
    String vocabLocation = vocabUri != null ? vocabUri : sibling(encoderUri, VOCAB_FILE);
    return new TextEncoderFiles(
        LocalFiles.fetch(encoderUri, "text encoder file", settings, workDir),
        LocalFiles.fetch(vocabLocation, "text encoder vocabulary", settings, workDir),
        encoderUri,
        null);
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
