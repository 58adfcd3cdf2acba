package io.xmcgan.evaluation;

import io.xmcgan.experiment.manifest.ExperimentFiles;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that work on an experiment. */
public final class CommonOptions {

  @Option(
      names = "--experiment",
      required = true,
      paramLabel = "FILE",
      description =
          "Resolved experiment JSON (as the operator mounts it) or a manifest (YAML/JSON).")
  Path experiment;

  @Option(
      names = "--batch-size",
      defaultValue = "" + EvaluatorSettings.DEFAULT_BATCH_SIZE,
      description = "Images per generator and extractor forward (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Scratch directory (default: <java.io.tmpdir>/xmcgan-evaluator).")
  Path workDir;

  /**
   * The defaults for {@code experiment}: what the CLI's {@code generate} and {@code serve} pass,
   * which take the manifest as their argument.
   */
  public static CommonOptions of(Path experiment) {
    CommonOptions options = new CommonOptions();
    options.experiment = experiment;
    options.batchSize = EvaluatorSettings.DEFAULT_BATCH_SIZE;
    return options;
  }

  public ResolvedExperiment readExperiment() {
    return ExperimentFiles.read(experiment);
  }

  public StorageSettings storageSettings() {
    return StorageSettings.fromEnvironment(System.getenv());
  }

  public ObjectStore openStore(ResolvedExperiment resolved) {
    return ObjectStores.open(resolved.storage().experimentUri(), storageSettings());
  }

  public EvaluatorSettings settings() {
    Path dir =
        workDir != null
            ? workDir
            : Path.of(System.getProperty("java.io.tmpdir"), "xmcgan-evaluator");
    return EvaluatorSettings.defaults(dir, storageSettings()).withBatchSize(batchSize);
  }
}
