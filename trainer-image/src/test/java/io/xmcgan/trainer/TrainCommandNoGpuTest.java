package io.xmcgan.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.engine.EngineInfo;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.storage.LocalObjectStore;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.training.TrainingFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's train command asked for GPUs on a machine that has none: it exits 78 with a message
 * that names the flavour and the fix, and trains nothing on the CPU.
 */
class TrainCommandNoGpuTest {

  @TempDir Path dir;

  @Test
  void askingForGpusThatAreNotThereExits78AndTrainsNothing() throws Exception {
    Assumptions.assumeTrue(EngineInfo.detect().gpuCount() == 0, "this machine has a GPU");
    String manifest =
        TrainingFixtures.manifest("nogpu", dir, 20, 10, 10, 1)
            .replace("gpusPerPod: 0", "gpusPerPod: 2")
            .replace("batchSize: 8", "batchSize: 16");
    Path file = dir.resolve("experiment.yaml");
    Files.writeString(file, manifest);
    ResolvedExperiment experiment = TrainingFixtures.experiment("nogpu", dir, 20, 10, 10, 1);
    ObjectStore store = new LocalObjectStore(dir.resolve("nogpu"));
    TrainingFixtures.writeTrainingSplit(store, experiment, new int[] {20}, 1);

    Path log = dir.resolve("child.log");
    Process child = TrainerProcess.start(file, log);
    try {
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }

    String output = Files.readString(log);
    assertThat(child.exitValue()).as(output).isEqualTo(ExitCode.NO_GPU_VISIBLE.code());
    assertThat(output)
        .contains("spec.training.gpusPerPod=2 asks for 2 GPUs but this container sees 0")
        .contains("libtorch flavour cpu")
        .contains("spec.training.gpusPerPod: 0");
    assertThat(store.exists("progress.json")).isFalse();
    assertThat(store.list("checkpoints/")).isEmpty();
  }
}
