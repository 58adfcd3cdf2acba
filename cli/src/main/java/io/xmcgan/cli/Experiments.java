package io.xmcgan.cli;

import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageSettings;
import java.nio.file.Path;

/** Reading a manifest for a local run, and reaching its storage. */
final class Experiments {

  private Experiments() {}

  /** Reads, validates (for a local run) and resolves a manifest file. */
  static ResolvedExperiment resolve(Path manifest) {
    return ExperimentResolver.resolve(
        ExperimentManifests.read(manifest), ExperimentValidator.Target.LOCAL);
  }

  /**
   * Storage settings for the experiment: credentials and defaults from the environment, endpoint,
   * region and addressing from the manifest's {@code storage} when it names an endpoint.
   */
  static StorageSettings storageSettings(ResolvedExperiment experiment) {
    StorageSettings settings = StorageSettings.fromEnvironment(System.getenv());
    ResolvedExperiment.Storage storage = experiment.storage();
    if (storage.endpoint() != null) {
      settings = settings.withEndpoint(storage.endpoint(), storage.region(), storage.pathStyle());
    }
    return settings;
  }

  /** The store rooted at the experiment's root ({@code ./runs/<name>/} by default). */
  static ObjectStore openStore(ResolvedExperiment experiment) {
    return ObjectStores.open(experiment.storage().experimentUri(), storageSettings(experiment));
  }
}
