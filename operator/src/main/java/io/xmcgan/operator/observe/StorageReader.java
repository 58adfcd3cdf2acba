package io.xmcgan.operator.observe;

import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.storage.StorageCredentials;
import java.util.Optional;

/**
 * Reads the current run's storage with the key pair of the experiment's Secret. A missing or
 * incomplete Secret is a storage problem like any other: it is reported in the status.
 */
public final class StorageReader {

  private final SecretCredentials secrets;
  private final StorageObserver observer;

  public StorageReader(SecretCredentials secrets, StorageObserver observer) {
    this.secrets = secrets;
    this.observer = observer;
  }

  public StorageSnapshot read(ResolvedExperiment resolved) {
    String secretName = resolved.storage().credentialsSecret();
    Optional<StorageCredentials> credentials = Optional.empty();
    if (secretName != null && !secretName.isBlank()) {
      SecretCredentials.Lookup lookup = secrets.read(resolved.namespace(), secretName);
      if (lookup.error().isPresent()) {
        return StorageSnapshot.unavailable(lookup.error().get());
      }
      credentials = lookup.credentials();
    }
    return observer.observe(new StorageTarget(resolved, credentials));
  }
}
