package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.spec.Augmentation;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DiffAugment's translation as D sees it (docs/training.md, "Discriminator augmentation"). */
class DiscriminatorAugmentationTest {

  private static final int N = 3;
  private static final int C = 2;
  private static final int H = 5;
  private static final int W = 4;
  private static final int[] SHIFTS = {1, 0, -2, 1, 0, -1};

  @Test
  void eachImageMovesByItsOwnShiftWithTheBorderRepeatedIntoTheGap() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      float[] values = new float[N * C * H * W];
      for (int i = 0; i < values.length; i++) {
        values[i] = i;
      }
      NDArray images = manager.create(values, new Shape(N, C, H, W));
      float[] shifted = DiscriminatorAugmentation.translate(images, SHIFTS).toFloatArray();
      float[] expected = new float[values.length];
      for (int n = 0; n < N; n++) {
        for (int c = 0; c < C; c++) {
          for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
              expected[index(n, c, y, x)] = values[source(n, c, y, x)];
            }
          }
        }
      }
      assertThat(shifted).containsExactly(expected);
    }
  }

  @Test
  void theGeneratorsGradientFlowsBackToThePixelsEachOutputCameFrom() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray images = manager.zeros(new Shape(N, C, H, W));
      images.setRequiresGradient(true);
      float[] weights = new float[N * C * H * W];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = (i % 7) + 1;
      }
      try (Autograd collector = new Autograd()) {
        NDArray out = DiscriminatorAugmentation.translate(images, SHIFTS);
        collector.backward(out.mul(manager.create(weights, new Shape(N, C, H, W))).sum());
      }
      float[] expected = new float[weights.length];
      for (int n = 0; n < N; n++) {
        for (int c = 0; c < C; c++) {
          for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
              expected[source(n, c, y, x)] += weights[index(n, c, y, x)];
            }
          }
        }
      }
      assertThat(images.getGradient().toFloatArray()).containsExactly(expected);
    }
  }

  @Test
  void withoutShiftsTheAugmentedStepIsTheReferenceStepAndWithThemDLearnsOtherwise() {
    ModelConfig config = TestConfigs.micro(false);
    try (XmcGanNetworks reference = XmcGanNetworks.create(config, Device.cpu(), 3);
        XmcGanNetworks unshifted = XmcGanNetworks.create(config, Device.cpu(), 3);
        XmcGanNetworks shifted = XmcGanNetworks.create(config, Device.cpu(), 3);
        XmcGanNetworks ignored = XmcGanNetworks.create(config, Device.cpu(), 3);
        TrainingStep referenceStep =
            new TrainingStep(reference, TrainingStepTest.LINEAR, null, Augmentation.none);
        TrainingStep unshiftedStep =
            new TrainingStep(unshifted, TrainingStepTest.LINEAR, null, Augmentation.translation);
        TrainingStep shiftedStep =
            new TrainingStep(shifted, TrainingStepTest.LINEAR, null, Augmentation.translation);
        TrainingStep ignoredStep =
            new TrainingStep(ignored, TrainingStepTest.LINEAR, null, Augmentation.none)) {
      referenceStep.jointStep(TestBatches.random(reference.manager(), config, 8, 5));
      unshiftedStep.jointStep(TestBatches.random(unshifted.manager(), config, 8, 5));
      shiftedStep.jointStep(withShifts(TestBatches.random(shifted.manager(), config, 8, 5)));
      ignoredStep.jointStep(withShifts(TestBatches.random(ignored.manager(), config, 8, 5)));

      Map<String, float[]> d = TrainingStepTest.snapshot(reference.discriminator());
      TrainingStepTest.assertClose(TrainingStepTest.snapshot(unshifted.discriminator()), d, 0f);
      TrainingStepTest.assertClose(
          TrainingStepTest.snapshot(unshifted.generator()),
          TrainingStepTest.snapshot(reference.generator()),
          0f);
      assertThat(TrainingStepTest.changed(d, TrainingStepTest.snapshot(shifted.discriminator())))
          .isTrue();
      // Without augmentation the batch's shifts are never used.
      TrainingStepTest.assertClose(TrainingStepTest.snapshot(ignored.discriminator()), d, 0f);
    }
  }

  private static Batch withShifts(Batch batch) {
    int[] shifts = new int[2 * (int) batch.size()];
    for (int i = 0; i < shifts.length; i++) {
      shifts[i] = i % 3 - 1;
    }
    return new Batch(
        batch.images(), batch.words(), batch.maxLen(), batch.sentence(), batch.noise(), shifts);
  }

  private static int index(int n, int c, int y, int x) {
    return ((n * C + c) * H + y) * W + x;
  }

  /** The input pixel that output pixel (n, c, y, x) shows: shifted, clamped to the edges. */
  private static int source(int n, int c, int y, int x) {
    int fromY = Math.min(H - 1, Math.max(0, y - SHIFTS[2 * n + 1]));
    int fromX = Math.min(W - 1, Math.max(0, x - SHIFTS[2 * n]));
    return index(n, c, fromY, fromX);
  }
}
