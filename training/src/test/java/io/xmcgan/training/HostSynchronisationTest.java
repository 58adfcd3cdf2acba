package io.xmcgan.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.model.HostTransfers;
import io.xmcgan.storage.LocalObjectStore;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.files.ProgressReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steady-state training step synchronises with the device zero times: after the first step made
 * its constants, no scalar is copied to the device and no value is read back until the losses are
 * due (docs/training.md, "Host synchronisation"). Counted on the CPU by the same ops layer that a
 * GPU run goes through.
 */
class HostSynchronisationTest {

  private static final int STEPS = 6;

  @TempDir Path dir;

  @Test
  void stepsBetweenTheFirstAndTheLastMakeNoScalarsAndReadNothing() throws Exception {
    ResolvedExperiment experiment =
        TrainingFixtures.experiment("sync", dir, STEPS, STEPS, STEPS, 2);
    ObjectStore store = new LocalObjectStore(dir.resolve("sync"));
    TrainingFixtures.writeTrainingSplit(store, experiment, new int[] {24, 24}, 1);
    Map<Long, HostTransfers.Count> afterStep = new ConcurrentHashMap<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onProgress(ProgressReport report) {
            afterStep.putIfAbsent(report.step(), HostTransfers.count());
          }
        };
    TrainingOptions options =
        TrainingOptions.defaults(dir.resolve("work"))
            .withDevices(List.of(Device.cpu(), Device.cpu()))
            .withProgressInterval(Duration.ofHours(1))
            .withListener(listener);

    TrainingResult result = Trainer.train(experiment, store, options);

    assertThat(result.step()).isEqualTo(STEPS);
    HostTransfers.Count steady = afterStep.get((long) STEPS - 1).since(afterStep.get(1L));
    assertThat(steady.scalarUploads()).as("scalars copied to the device in steps 2..N-1").isZero();
    assertThat(steady.hostReads()).as("device values read by the host in steps 2..N-1").isZero();
    // The counter is live: the last step reads the losses for its summary and checkpoint.
    assertThat(afterStep.get((long) STEPS).since(afterStep.get((long) STEPS - 1)).hostReads())
        .isPositive();
  }
}
