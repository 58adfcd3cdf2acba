package io.xmcgan.evaluation;

import io.xmcgan.experiment.spec.BuiltinFeatureExtractor;
import io.xmcgan.storage.LocalFiles;
import io.xmcgan.storage.StorageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A feature extractor's local TorchScript file and its description, fetched from object storage or
 * the classpath when needed.
 *
 * @param module the TorchScript file
 * @param description the sidecar's content
 * @param id what metrics record as the extractor: its URI, or a built-in one's id ({@code
 *     builtin:tiny}, {@code builtin:shapes})
 * @param sha256 hex SHA-256 of the module file; reference statistics are cached per digest, so
 *     replacing the file at the same URI never reuses statistics of the old one
 */
public record FeatureExtractorFiles(
    Path module, ExtractorDescription description, String id, String sha256) {

  private static final String MODULE_FILE = "extractor.pt";
  private static final String DESCRIPTION_FILE = "extractor.json";

  /**
   * Resolves the experiment's resolved {@code evaluation.featureExtractorUri}: the id of a built-in
   * extractor ({@link BuiltinFeatureExtractor}, from the classpath), or a {@code .pt} file (local
   * path, {@code file://} or {@code s3://}) with its sidecar {@code <same name>.json} next to it.
   * Null, in an experiment file resolved without a default (as an operator before the built-in
   * defaults wrote them into its ConfigMaps), means {@code builtin:tiny}, which such runs used.
   */
  public static FeatureExtractorFiles resolve(
      String resolvedUri, StorageSettings settings, Path workDir) throws IOException {
    Files.createDirectories(workDir);
    String uri = resolvedUri == null ? BuiltinFeatureExtractor.TINY.id() : resolvedUri;
    if (uri.startsWith(BuiltinFeatureExtractor.ID_PREFIX)) {
      BuiltinFeatureExtractor builtin =
          BuiltinFeatureExtractor.fromId(uri)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown built-in feature extractor "
                              + uri
                              + "; the built-in ones are "
                              + BuiltinFeatureExtractor.ids()));
      Path module = fromClasspath(builtin, MODULE_FILE, workDir);
      Path sidecar = fromClasspath(builtin, DESCRIPTION_FILE, workDir);
      return of(module, sidecar, builtin.id());
    }
    String sidecarUri = sidecarOf(uri);
    return of(
        LocalFiles.fetch(uri, "feature extractor file", settings, workDir),
        LocalFiles.fetch(
            sidecarUri,
            "feature extractor description (the .json next to the module, see"
                + " docs/evaluation.md)",
            settings,
            workDir),
        uri);
  }

  /** {@code dir/inception.pt} → {@code dir/inception.json}. */
  static String sidecarOf(String uri) {
    int slash = uri.lastIndexOf('/');
    int dot = uri.lastIndexOf('.');
    String stem = dot > slash ? uri.substring(0, dot) : uri;
    return stem + ".json";
  }

  private static FeatureExtractorFiles of(Path module, Path sidecar, String id) throws IOException {
    ExtractorDescription description =
        ExtractorDescription.parse(Files.readAllBytes(sidecar), sidecar.toString());
    return new FeatureExtractorFiles(module, description, id, sha256(module));
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static Path fromClasspath(BuiltinFeatureExtractor builtin, String name, Path workDir)
      throws IOException {
    return LocalFiles.fromClasspath(
        "/feature-extractors/" + builtin.resourceName() + "/" + name,
        workDir.resolve(builtin.resourceName() + "-" + name),
        "the built-in feature extractor file");
  }
}
