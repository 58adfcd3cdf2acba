package io.xmcgan.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.storage.LocalObjectStore;
import io.xmcgan.storage.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputPipelineTest {

  private static final int[] SHARDS = {13, 7, 20};

  @TempDir Path dir;
  private ObjectStore store;
  private ResolvedExperiment experiment;
  private ShardSet shards;

  @BeforeEach
  void writeData() throws Exception {
    experiment = TrainingFixtures.experiment("pipeline", dir, 10, 5, 5, SHARDS.length);
    store = new LocalObjectStore(dir.resolve("pipeline"));
    TrainingFixtures.writeTrainingSplit(store, experiment, SHARDS, 1);
    shards = TrainingData.shards(store, experiment);
  }

  private InputPipeline.Settings settings(long seed, int replicas) {
    return new InputPipeline.Settings(
        seed,
        8,
        TrainingFixtures.IMAGE_SIZE,
        17,
        TrainingFixtures.TEXT_DIM,
        16,
        4,
        2,
        replicas,
        2,
        2);
  }

  private List<StepInputs> take(InputPipeline.Settings settings, DataPosition start, int steps)
      throws Exception {
    List<StepInputs> result = new ArrayList<>();
    try (InputPipeline pipeline = new InputPipeline(store, shards, settings, start)) {
      for (int i = 0; i < steps; i++) {
        result.add(pipeline.next());
      }
    }
    return result;
  }

  @Test
  void aResumedPipelineContinuesTheSameStreamAcrossEpochs() throws Exception {
    // 40 records, 8 examples per step: step 5 ends epoch 0, later steps are in epoch 1.
    List<StepInputs> straight = take(settings(3, 1), DataPosition.START, 9);
    DataPosition afterThree = straight.get(2).next();
    assertThat(afterThree).isEqualTo(new DataPosition(0, 24));
    assertThat(straight.get(4).next()).isEqualTo(new DataPosition(1, 0));
    List<StepInputs> resumed = take(settings(3, 1), afterThree, 6);
    for (int i = 0; i < 6; i++) {
      assertSameData(resumed.get(i), straight.get(i + 3));
    }
  }

  @Test
  void theSeedChangesOrderCaptionsFlipsAndNoise() throws Exception {
    StepInputs a = take(settings(3, 1), DataPosition.START, 1).get(0);
    StepInputs b = take(settings(4, 1), DataPosition.START, 1).get(0);
    assertThat(a.batches().get(0).get(0).noise()).isNotEqualTo(b.batches().get(0).get(0).noise());
    assertThat(a.batches().get(0).get(0).images()).isNotEqualTo(b.batches().get(0).get(0).images());
  }

  @Test
  void everyExampleGetsItsOwnShiftForDsAugmentationWithinAnEighthOfTheImage() throws Exception {
    HostBatch batch = take(settings(3, 1), DataPosition.START, 1).get(0).batches().get(0).get(0);
    int reach = io.xmcgan.model.DiscriminatorAugmentation.reach(32);
    assertThat(reach).isEqualTo(4);
    assertThat(batch.shifts()).hasSize(2 * batch.size());
    assertThat(java.util.Arrays.stream(batch.shifts()).map(Math::abs).max().orElseThrow())
        .isLessThanOrEqualTo(reach);
    assertThat(java.util.Arrays.stream(batch.shifts()).distinct().count()).isGreaterThan(2);
    try (ai.djl.ndarray.NDManager manager =
        ai.djl.ndarray.NDManager.newBaseManager(ai.djl.Device.cpu())) {
      assertThat(batch.toDevice(manager).shifts()).isEqualTo(batch.shifts());
    }
  }

  @Test
  void stepsSplitIntoSubStepsAndReplicasOfTheConfiguredBatch() throws Exception {
    StepInputs step = take(settings(3, 2), DataPosition.START, 1).get(0);
    assertThat(step.batches()).hasSize(2);
    for (List<HostBatch> subStep : step.batches()) {
      assertThat(subStep).hasSize(2);
      for (HostBatch batch : subStep) {
        assertThat(batch.size()).isEqualTo(4);
        assertThat(batch.images()).hasSize(4 * 3 * 32 * 32);
      }
    }
    assertThat(step.next()).isEqualTo(new DataPosition(0, 16));
  }

  @Test
  void examplesFollowTheReferencePreprocessing() throws Exception {
    HostBatch batch = take(settings(3, 1), DataPosition.START, 1).get(0).batches().get(0).get(0);
    int plane = 32 * 32;
    int flipped = 0;
    for (int i = 0; i < batch.size(); i++) {
      int image = i * 3 * plane;
      float leftGreen = batch.images()[image + plane];
      // The fixture paints green only on the right half; a flipped image has it on the left.
      if (leftGreen > 0f) {
        flipped++;
      }
      float maxLen = batch.maxLen()[i];
      assertThat(maxLen).isBetween(3f, 17f);
      int textDim = TrainingFixtures.TEXT_DIM;
      for (int e = 0; e < textDim; e++) {
        float sum = 0;
        for (int t = 0; t < 17; t++) {
          sum += batch.words()[(i * 17 + t) * textDim + e];
        }
        assertThat(batch.sentence()[i * textDim + e]).isCloseTo(sum / maxLen, within(1e-5f));
      }
    }
    assertThat(flipped).isBetween(1, batch.size() - 1);
    double mean = 0;
    double square = 0;
    for (float z : batch.noise()) {
      mean += z;
      square += z * z;
    }
    mean /= batch.noise().length;
    assertThat(mean).isBetween(-0.5, 0.5);
    assertThat(square / batch.noise().length).isBetween(0.5, 1.6);
  }

  @Test
  void missingDataIsAClearError() throws Exception {
    ResolvedExperiment other = TrainingFixtures.experiment("other", dir, 10, 5, 5, 2);
    ObjectStore empty = new LocalObjectStore(dir.resolve("other"));
    assertThatThrownBy(() -> TrainingData.shards(empty, other))
        .isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("is not ready")
        .hasMessageContaining("0 of 2 shards ready")
        .hasMessageContaining("Run preprocessing");
  }

  @Test
  void dataOfAnotherTextEncoderWidthIsRefused() throws Exception {
    var manifest =
        io.xmcgan.dataset.DataManifests.readComplete(
                store, io.xmcgan.dataset.DataSpec.of(experiment.data(), "train"))
            .orElseThrow();
    var wider =
        new io.xmcgan.experiment.resolve.ModelConfig(
            experiment.model().preset(),
            32,
            experiment.model().zDim(),
            8,
            8,
            32,
            17,
            experiment.model().sentenceProjDim(),
            experiment.model().condSize(),
            experiment.model().generatorChannels(),
            experiment.model().discriminatorChannels(),
            experiment.model().discriminatorDownsample(),
            15,
            0.9,
            1e-5,
            8,
            experiment.model().losses());
    assertThatThrownBy(() -> TrainingData.check(manifest, wider))
        .isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("[5, 17, 16]")
        .hasMessageContaining("width 32");
  }

  private static org.assertj.core.data.Offset<Float> within(float value) {
    return org.assertj.core.data.Offset.offset(value);
  }

  private static void assertSameData(StepInputs a, StepInputs b) {
    assertThat(a.next()).isEqualTo(b.next());
    for (int s = 0; s < a.batches().size(); s++) {
      HostBatch x = a.batches().get(s).get(0);
      HostBatch y = b.batches().get(s).get(0);
      assertThat(x.images()).isEqualTo(y.images());
      assertThat(x.words()).isEqualTo(y.words());
      assertThat(x.noise()).isEqualTo(y.noise());
      assertThat(x.maxLen()).isEqualTo(y.maxLen());
      assertThat(x.shifts()).isEqualTo(y.shifts());
    }
  }
}
