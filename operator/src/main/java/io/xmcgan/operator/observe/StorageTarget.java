package io.xmcgan.operator.observe;

import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.storage.StorageCredentials;
import java.util.Optional;

/**
 * Which experiment's storage to read and with which key pair (read from the Secret the spec names;
 * the values stay inside the operator's memory).
 */
public record StorageTarget(
    ResolvedExperiment experiment, Optional<StorageCredentials> credentials) {

  /** The current run's root ({@code experimentUri}) and how to reach it. */
  public StorageLocation location() {
    ResolvedExperiment.Storage storage = experiment.storage();
    return new StorageLocation(
        storage.experimentUri(),
        storage.endpoint(),
        storage.region(),
        storage.pathStyle(),
        credentials);
  }
}
