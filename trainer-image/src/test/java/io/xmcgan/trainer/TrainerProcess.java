package io.xmcgan.trainer;

import ai.djl.Device;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.model.OptimizerSettings;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.training.DataParallelStep;
import io.xmcgan.training.TrainingCheckpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The pod's train command in a child JVM, on this test's class path, output to a log file; and what
 * a restarted pod would restore from the storage it left.
 */
final class TrainerProcess {

  private TrainerProcess() {}

  static Process start(Path manifest, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-Dai.djl.offline=true",
            "-cp",
            System.getProperty("java.class.path"),
            "io.xmcgan.trainer.TrainerMain",
            "train",
            "--experiment",
            manifest.toString());
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return builder.start();
  }

  /** The newest checkpoint a restarted pod would load, on the CPU (the caller closes its step). */
  static TrainingCheckpoints.Restored restoreLatest(
      ObjectStore store, ResolvedExperiment experiment) throws IOException {
    return new TrainingCheckpoints(new CheckpointStore(store))
        .restoreLatest(
            experiment,
            List.of(Device.cpu()),
            networks -> new DataParallelStep(networks, List.of(), OptimizerSettings.reference()))
        .orElseThrow();
  }
}
