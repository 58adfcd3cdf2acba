package io.xmcgan.operator.observe;

import io.xmcgan.storage.StorageCredentials;
import io.xmcgan.storage.StorageSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * One storage root and how to reach it: a run's objects (status.run.storageUri) with the endpoint
 * it was written to and the key pair of the experiment's Secret.
 *
 * @param endpoint the S3 endpoint, or null for a local {@code file:} root
 */
public record StorageLocation(
    String root,
    String endpoint,
    String region,
    boolean pathStyle,
    Optional<StorageCredentials> credentials) {

  /**
   * The operator's settings: short timeouts and retries, because a reconcile must not hold a worker
   * thread for long and the next poll tries again anyway.
   */
  StorageSettings settings() {
    return StorageSettings.DEFAULTS
        .withEndpoint(endpoint, region, pathStyle)
        .withCredentials(credentials.orElse(null))
        .withRetry(S3StorageObserver.OPERATOR_RETRY)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
  }
}
