package io.xmcgan.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.storage.LocalObjectStore;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.training.TrainingFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod command in a child JVM killed with SIGKILL (no shutdown hook runs) while it writes a
 * checkpoint: the half-written one is never used, and the previous checkpoint is.
 */
class TrainCommandSigkillTest {

  private static final int ATTEMPTS = 10;

  @TempDir Path dir;

  @Test
  void aKillDuringACheckpointWriteLeavesThePreviousCheckpointInUse() throws Exception {
    String manifest = TrainingFixtures.manifest("sigkill", dir, 500, 1, 400, 2);
    ResolvedExperiment experiment = TrainingFixtures.experiment("sigkill", dir, 500, 1, 400, 2);
    Path root = dir.resolve("sigkill");
    ObjectStore store = new LocalObjectStore(root);
    TrainingFixtures.writeTrainingSplit(store, experiment, new int[] {20, 20}, 1);
    Path file = dir.resolve("experiment.yaml");
    Files.writeString(file, manifest);

    long killedDuring = -1;
    for (int attempt = 0; attempt < ATTEMPTS && killedDuring < 0; attempt++) {
      Process child = TrainerProcess.start(file, dir.resolve("child-" + attempt + ".log"));
      try {
        long writing = waitForAWriteAfterACompleteCheckpoint(root, child);
        child.destroyForcibly();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (writing >= 0 && !Files.exists(manifestOf(root, writing))) {
          killedDuring = writing;
        }
      } finally {
        child.destroyForcibly();
      }
    }
    assertThat(killedDuring)
        .as("a kill landed between a checkpoint's first file and its manifest")
        .isPositive();

    CheckpointStore checkpoints = new CheckpointStore(store);
    OptionalLong latest = checkpoints.latestStep();
    assertThat(latest).hasValue(killedDuring - 1);
    var restored = TrainerProcess.restoreLatest(store, experiment);
    try {
      assertThat(restored.state().step()).isEqualTo(killedDuring - 1);
      assertThat(restored.step().generatorAdam().steps()).isEqualTo(killedDuring - 1);
    } finally {
      restored.step().close();
      restored.step().networks().forEach(XmcGanNetworks::close);
    }
  }

  /**
   * Polls until a checkpoint directory has its network file but not yet its manifest while an older
   * checkpoint is complete; returns that step, or -1 when the child ends or a minute passes.
   */
  private static long waitForAWriteAfterACompleteCheckpoint(Path root, Process child)
      throws IOException {
    Path checkpoints = root.resolve("checkpoints");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (child.isAlive() && System.nanoTime() < deadline) {
      if (!Files.isDirectory(checkpoints)) {
        continue;
      }
      try (Stream<Path> dirs = Files.list(checkpoints)) {
        for (Path stepDir : dirs.filter(Files::isDirectory).toList()) {
          long step = Long.parseLong(stepDir.getFileName().toString().substring("step-".length()));
          if (step > 1
              && Files.exists(stepDir.resolve("networks.bin"))
              && !Files.exists(stepDir.resolve("MANIFEST.json"))
              && Files.exists(manifestOf(root, step - 1))) {
            return step;
          }
        }
      } catch (java.nio.file.NoSuchFileException retentionDeletedADirectory) {
        // checkpoints are deleted by retention while we list them
      }
    }
    return -1;
  }

  private static Path manifestOf(Path root, long step) {
    return root.resolve("checkpoints")
        .resolve(String.format("step-%08d", step))
        .resolve("MANIFEST.json");
  }
}
