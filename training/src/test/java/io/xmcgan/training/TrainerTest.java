package io.xmcgan.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.checkpoint.CheckpointManifest;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.storage.LocalObjectStore;
import io.xmcgan.storage.ObjectInfo;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.files.ProgressReport;
import io.xmcgan.tensorboard.EventFileDecoder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The training loop end to end on a tiny 32 px configuration and synthetic shards, on the CPU. */
@ExtendWith(SingleThreadedTorch.class)
class TrainerTest {

  private static final int[] SHARDS = {20, 20};

  @TempDir Path dir;

  private record Run(ResolvedExperiment experiment, ObjectStore store) {}

  private Run prepare(String name, int steps, int checkpointEvery, int summaryEvery)
      throws Exception {
    ResolvedExperiment experiment =
        TrainingFixtures.experiment(name, dir, steps, checkpointEvery, summaryEvery, SHARDS.length);
    ObjectStore store = new LocalObjectStore(dir.resolve(name));
    TrainingFixtures.writeTrainingSplit(store, experiment, SHARDS, 1);
    return new Run(experiment, store);
  }

  private TrainingOptions options(String name) {
    return TrainingOptions.defaults(dir.resolve("work-" + name))
        .withDevices(List.of(Device.cpu()))
        .withProgressInterval(Duration.ZERO);
  }

  @Test
  void trainsAndWritesCheckpointsProgressAndTensorBoardInTheDocumentedLayout() throws Exception {
    Run run = prepare("layout", 4, 2, 2);
    List<ProgressReport> reports = new ArrayList<>();
    List<Long> checkpointed = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onProgress(ProgressReport report) {
            reports.add(report);
          }

          @Override
          public void onCheckpoint(long step, String location) {
            checkpointed.add(step);
          }
        };
    TrainingResult result =
        Trainer.train(run.experiment(), run.store(), options("layout").withListener(listener));

    assertThat(result.outcome()).isEqualTo(TrainingResult.Outcome.COMPLETED);
    assertThat(result.step()).isEqualTo(4);
    assertThat(result.lastCheckpoint()).isEqualTo(OptionalLong.of(4));
    assertThat(checkpointed).containsExactly(2L, 4L);
    for (ProgressReport report : reports) {
      assertThat(report.losses()).isNotEmpty();
      report.losses().forEach((term, value) -> assertThat(value).as(term).isFinite());
    }

    List<CheckpointManifest> complete = new CheckpointStore(run.store()).listComplete();
    assertThat(complete).extracting(CheckpointManifest::step).containsExactly(2L, 4L);
    List<String> keys =
        run.store().list("checkpoints/").stream().map(ObjectInfo::key).collect(Collectors.toList());
    assertThat(keys)
        .contains(
            "checkpoints/LATEST",
            "checkpoints/step-00000004/MANIFEST.json",
            "checkpoints/step-00000004/networks.bin",
            "checkpoints/step-00000004/optimizers.bin",
            "checkpoints/step-00000004/trainer-state.json",
            "checkpoints/step-00000004/experiment.json");
    ObjectMapper json = new ObjectMapper();
    TrainerState state =
        json.readValue(
            run.store().readBytes("checkpoints/step-00000004/trainer-state.json"),
            TrainerState.class);
    assertThat(state.step()).isEqualTo(4);
    // 4 steps x 2 sub-steps x 8 images = 64 examples of an epoch of 40.
    assertThat(state.data()).isEqualTo(new DataPosition(1, 24));
    assertThat(
            ResolvedExperiment.fromJson(
                run.store().readBytes("checkpoints/step-00000004/experiment.json").length > 0
                    ? new String(run.store().readBytes("checkpoints/step-00000004/experiment.json"))
                    : ""))
        .isEqualTo(run.experiment());

    JsonNode progress = json.readTree(run.store().readBytes("progress.json"));
    assertThat(progress.get("step").asLong()).isEqualTo(4);
    assertThat(progress.get("totalSteps").asLong()).isEqualTo(4);
    assertThat(progress.get("imagesPerSecond").asDouble()).isPositive();
    assertThat(progress.has("stepsPerSecond")).isTrue();
    assertThat(progress.get("etaSeconds").asLong()).isZero();
    assertThat(progress.get("updatedAt").asText()).endsWith("Z");
    assertThat(progress.get("losses").get("g_loss").isNumber()).isTrue();

    List<ObjectInfo> events = run.store().list("tensorboard/train/");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).key()).contains("events.out.tfevents.");
    List<EventFileDecoder.Event> decoded =
        EventFileDecoder.decode(run.store().readBytes(events.get(0).key()), events.get(0).key());
    Map<Long, List<String>> tagsByStep =
        decoded.stream()
            .filter(e -> !e.values().isEmpty())
            .collect(
                Collectors.groupingBy(
                    EventFileDecoder.Event::step,
                    Collectors.flatMapping(
                        e -> e.values().stream().map(EventFileDecoder.Value::tag),
                        Collectors.toList())));
    assertThat(tagsByStep).containsOnlyKeys(2L, 4L);
    assertThat(tagsByStep.get(4L))
        .contains(
            "d_loss",
            "g_loss",
            "d_word_real",
            "g_sentence_fake_accuracy",
            "d_loss_substep_1",
            "ori_image_batch",
            "generated_image_batch",
            "ema_generated_image_batch");
    EventFileDecoder.Value grid =
        decoded.stream()
            .flatMap(e -> e.values().stream())
            .filter(v -> v.tag().equals("generated_image_batch"))
            .findFirst()
            .orElseThrow();
    assertThat(grid.image().width()).isEqualTo(4 * 32);
    assertThat(grid.image().height()).isEqualTo(2 * 32);
  }

  @Test
  void aStoppedAndResumedRunEndsWhereAnUninterruptedRunEnds() throws Exception {
    Run straight = prepare("straight", 4, 4, 4);
    Trainer.train(straight.experiment(), straight.store(), options("straight"));

    Run halves = prepare("halves", 4, 4, 4);
    CancellationToken stop = new CancellationToken();
    TrainingListener stopAtTwo =
        new TrainingListener() {
          @Override
          public void onProgress(ProgressReport report) {
            if (report.step() == 2) {
              stop.cancel("test stops at step 2");
            }
          }
        };
    TrainingResult first =
        Trainer.train(
            halves.experiment(),
            halves.store(),
            options("halves-1").withCancellation(stop).withListener(stopAtTwo));
    assertThat(first.outcome()).isEqualTo(TrainingResult.Outcome.CANCELLED);
    assertThat(first.lastCheckpoint()).isEqualTo(OptionalLong.of(2));

    List<Long> startedAt = new ArrayList<>();
    TrainingListener recordStart =
        new TrainingListener() {
          @Override
          public void onStart(
              long startStep, long totalSteps, OptionalLong resumedFrom, List<Device> devices) {
            startedAt.add(startStep);
            assertThat(resumedFrom).isEqualTo(OptionalLong.of(2));
          }
        };
    TrainingResult second =
        Trainer.train(
            halves.experiment(), halves.store(), options("halves-2").withListener(recordStart));
    assertThat(startedAt).containsExactly(2L);
    assertThat(second.step()).isEqualTo(4);

    CheckpointManifest expected = new CheckpointStore(straight.store()).listComplete().get(0);
    List<CheckpointManifest> resumed = new CheckpointStore(halves.store()).listComplete();
    assertThat(resumed).extracting(CheckpointManifest::step).containsExactly(2L, 4L);
    // Same data, seeds and optimiser states: the networks and both Adam states are bit-identical.
    for (String file : List.of(TrainingCheckpoints.NETWORKS, TrainingCheckpoints.OPTIMIZERS)) {
      assertThat(resumed.get(1).file(file).orElseThrow().sha256())
          .as(file)
          .isEqualTo(expected.file(file).orElseThrow().sha256());
    }
  }

  @Test
  void missingDataStopsBeforeTraining() {
    ResolvedExperiment experiment = TrainingFixtures.experiment("nodata", dir, 2, 1, 1, 2);
    ObjectStore store = new LocalObjectStore(dir.resolve("nodata"));
    assertThatThrownBy(() -> Trainer.train(experiment, store, options("nodata")))
        .isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("not ready");
  }
}
