package io.xmcgan.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.storage.LocalObjectStore;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.training.DataPosition;
import io.xmcgan.training.TrainingFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod command in a child JVM: SIGTERM mid-run leaves a complete checkpoint and exits 75. */
class TrainCommandSigtermTest {

  @TempDir Path dir;

  @Test
  void sigtermCheckpointsAndExitsWithTheRetryCode() throws Exception {
    String manifest = TrainingFixtures.manifest("sigterm", dir, 500, 400, 400, 2);
    ResolvedExperiment experiment = TrainingFixtures.experiment("sigterm", dir, 500, 400, 400, 2);
    ObjectStore store = new LocalObjectStore(dir.resolve("sigterm"));
    TrainingFixtures.writeTrainingSplit(store, experiment, new int[] {20, 20}, 1);
    Path file = dir.resolve("experiment.yaml");
    Files.writeString(file, manifest);

    Process child = TrainerProcess.start(file, dir.resolve("child.log"));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      ObjectMapper json = new ObjectMapper();
      long step = 0;
      while (step < 2 && System.nanoTime() < deadline && child.isAlive()) {
        Thread.sleep(200);
        if (store.exists("progress.json")) {
          step = json.readTree(store.readBytes("progress.json")).get("step").asLong();
        }
      }
      assertThat(step).as(Files.readString(dir.resolve("child.log"))).isGreaterThanOrEqualTo(2);
      child.destroy();
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue())
          .as(Files.readString(dir.resolve("child.log")))
          .isEqualTo(ExitCode.TEMPORARY.code());
    } finally {
      child.destroyForcibly();
    }

    long latest = new CheckpointStore(store).latestStep().orElseThrow();
    assertThat(latest).isBetween(2L, 399L);
    var restored = TrainerProcess.restoreLatest(store, experiment);
    try {
      assertThat(restored.state().step()).isEqualTo(latest);
      // 40 records per epoch, 16 examples per step.
      long examples = latest * 16;
      assertThat(restored.state().data()).isEqualTo(new DataPosition(examples / 40, examples % 40));
      assertThat(restored.step().generatorAdam().steps()).isEqualTo(latest);
      assertThat(restored.step().discriminatorAdam().steps()).isEqualTo(2 * latest);
    } finally {
      restored.step().close();
      restored.step().networks().forEach(XmcGanNetworks::close);
    }
  }
}
