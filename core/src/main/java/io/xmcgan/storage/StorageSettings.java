package io.xmcgan.storage;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach an S3 endpoint. Local {@code file://} stores ignore everything but the retry policy.
 *
 * @param endpoint the S3 endpoint URL, e.g. {@code http://minio.minio:9000}; null means AWS S3
 * @param region the signing region
 * @param pathStyle address buckets as {@code endpoint/bucket/key} (MinIO, s3proxy) instead of
 *     {@code bucket.endpoint/key}
 * @param credentials the key pair, or null for anonymous access
 * @param retry how transient failures are retried
 * @param partSize the multipart part size in bytes, and the buffer each writer holds (at least 5
 *     MiB, the S3 minimum)
 * @param connectTimeout TCP connect timeout
 * @param readTimeout socket read/write timeout
 */
public record StorageSettings(
    String endpoint,
    String region,
    boolean pathStyle,
    StorageCredentials credentials,
    RetryPolicy retry,
    long partSize,
    Duration connectTimeout,
    Duration readTimeout) {

  public static final String ENV_ENDPOINT = "XMCGAN_S3_ENDPOINT";
  public static final String ENV_AWS_ENDPOINT = "AWS_ENDPOINT_URL";
  public static final String ENV_REGION = "XMCGAN_S3_REGION";
  public static final String ENV_AWS_REGION = "AWS_REGION";
  public static final String ENV_PATH_STYLE = "XMCGAN_S3_PATH_STYLE";

  public static final String DEFAULT_REGION = "us-east-1";
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

  public static final StorageSettings DEFAULTS =
      new StorageSettings(
          null,
          DEFAULT_REGION,
          false,
          null,
          RetryPolicy.DEFAULT,
          DEFAULT_PART_SIZE,
          Duration.ofSeconds(10),
          Duration.ofSeconds(60));

  public StorageSettings {
    if (region == null || region.isBlank()) {
      region = DEFAULT_REGION;
    }
    if (retry == null) {
      retry = RetryPolicy.DEFAULT;
    }
    if (partSize < MIN_PART_SIZE || partSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "storage partSize must be between 5 MiB (S3's minimum) and 2 GiB, got " + partSize);
    }
  }

  /**
   * Settings from the pod environment: endpoint {@value #ENV_ENDPOINT} (or {@value
   * #ENV_AWS_ENDPOINT}), region {@value #ENV_REGION} (or {@value #ENV_AWS_REGION}), {@value
   * #ENV_PATH_STYLE} (default true when an endpoint is set, as MinIO needs), credentials as {@link
   * StorageCredentials#resolve(Map)} finds them.
   */
  public static StorageSettings fromEnvironment(Map<String, String> env) {
    String endpoint = firstSet(env, ENV_ENDPOINT, ENV_AWS_ENDPOINT).orElse(null);
    String region = firstSet(env, ENV_REGION, ENV_AWS_REGION).orElse(DEFAULT_REGION);
    boolean pathStyle =
        firstSet(env, ENV_PATH_STYLE)
            .map(v -> parseBoolean(ENV_PATH_STYLE, v))
            .orElse(endpoint != null);
    return DEFAULTS
        .withEndpoint(endpoint, region, pathStyle)
        .withCredentials(StorageCredentials.resolve(env).orElse(null));
  }

  public StorageSettings withEndpoint(String endpoint, String region, boolean pathStyle) {
    return new StorageSettings(
        endpoint, region, pathStyle, credentials, retry, partSize, connectTimeout, readTimeout);
  }

  public StorageSettings withCredentials(StorageCredentials credentials) {
    return new StorageSettings(
        endpoint, region, pathStyle, credentials, retry, partSize, connectTimeout, readTimeout);
  }

  public StorageSettings withRetry(RetryPolicy retry) {
    return new StorageSettings(
        endpoint, region, pathStyle, credentials, retry, partSize, connectTimeout, readTimeout);
  }

  public StorageSettings withPartSize(long partSize) {
    return new StorageSettings(
        endpoint, region, pathStyle, credentials, retry, partSize, connectTimeout, readTimeout);
  }

  public StorageSettings withTimeouts(Duration connectTimeout, Duration readTimeout) {
    return new StorageSettings(
        endpoint, region, pathStyle, credentials, retry, partSize, connectTimeout, readTimeout);
  }

  /** The endpoint requests go to, as shown in messages. */
  public String effectiveEndpoint() {
    return endpoint != null ? endpoint : "https://s3.amazonaws.com";
  }

  private static Optional<String> firstSet(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.strip());
      }
    }
    return Optional.empty();
  }

  private static boolean parseBoolean(String name, String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(name + " must be 'true' or 'false', got '" + value + "'");
  }
}
