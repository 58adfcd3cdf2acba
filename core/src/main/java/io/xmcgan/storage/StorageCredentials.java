package io.xmcgan.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * An S3 access key pair. {@link #toString()} never shows the secret, so the value is safe in logs
 * and exception messages.
 */
public record StorageCredentials(String accessKey, String secretKey) {

  public static final String ENV_ACCESS_KEY = "XMCGAN_S3_ACCESS_KEY";
  public static final String ENV_SECRET_KEY = "XMCGAN_S3_SECRET_KEY";
  public static final String ENV_AWS_ACCESS_KEY = "AWS_ACCESS_KEY_ID";
  public static final String ENV_AWS_SECRET_KEY = "AWS_SECRET_ACCESS_KEY";

  /** A directory holding a mounted Kubernetes Secret with the files below. */
  public static final String ENV_CREDENTIALS_DIR = "XMCGAN_S3_CREDENTIALS_DIR";

  public static final String ACCESS_KEY_FILE = "accessKey";
  public static final String SECRET_KEY_FILE = "secretKey";

  public StorageCredentials {
    if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("S3 access key and secret key must both be non-empty");
    }
  }

  /**
   * Finds credentials in, by precedence: {@value #ENV_ACCESS_KEY}/{@value #ENV_SECRET_KEY}, then
   * {@value #ENV_AWS_ACCESS_KEY}/{@value #ENV_AWS_SECRET_KEY}, then the files {@value
   * #ACCESS_KEY_FILE} and {@value #SECRET_KEY_FILE} in the directory {@value #ENV_CREDENTIALS_DIR}.
   * Empty when none is configured (anonymous access).
   *
   * @throws IllegalArgumentException when only one half of a pair is set, or the directory lacks a
   *     file
   */
  public static Optional<StorageCredentials> resolve(Map<String, String> env) {
    Optional<StorageCredentials> own = fromPair(env, ENV_ACCESS_KEY, ENV_SECRET_KEY);
    if (own.isPresent()) {
      return own;
    }
    Optional<StorageCredentials> aws = fromPair(env, ENV_AWS_ACCESS_KEY, ENV_AWS_SECRET_KEY);
    if (aws.isPresent()) {
      return aws;
    }
    String dir = env.get(ENV_CREDENTIALS_DIR);
    if (dir != null && !dir.isBlank()) {
      return Optional.of(fromDirectory(Path.of(dir)));
    }
    return Optional.empty();
  }

  /** Reads a mounted Secret directory with the files {@code accessKey} and {@code secretKey}. */
  public static StorageCredentials fromDirectory(Path dir) {
    return new StorageCredentials(
        readSecretFile(dir.resolve(ACCESS_KEY_FILE)), readSecretFile(dir.resolve(SECRET_KEY_FILE)));
  }

  private static String readSecretFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "S3 credentials file "
              + file
              + " does not exist; the credentials Secret must have the keys '"
              + ACCESS_KEY_FILE
              + "' and '"
              + SECRET_KEY_FILE
              + "'");
    }
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException(
            "S3 credentials file " + file + " is empty; put the key's value in it");
      }
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read S3 credentials file " + file, e);
    }
  }

  private static Optional<StorageCredentials> fromPair(
      Map<String, String> env, String accessVar, String secretVar) {
    String access = env.get(accessVar);
    String secret = env.get(secretVar);
    boolean hasAccess = access != null && !access.isBlank();
    boolean hasSecret = secret != null && !secret.isBlank();
    if (hasAccess != hasSecret) {
      throw new IllegalArgumentException(
          "S3 credentials are incomplete: "
              + (hasAccess ? accessVar : secretVar)
              + " is set but "
              + (hasAccess ? secretVar : accessVar)
              + " is not; set both");
    }
    return hasAccess ? Optional.of(new StorageCredentials(access, secret)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "StorageCredentials[accessKey=" + redact(accessKey) + ", secretKey=***]";
  }

  /** Shows only enough of an access key to tell two keys apart. */
  static String redact(String accessKey) {
    return accessKey.length() <= 4 ? "***" : accessKey.substring(0, 4) + "***";
  }
}
