package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Batch norm over groups of 8 against the definition written out in double: the output, the input
 * gradient and the Flax running statistics, for one group and for several laid side by side.
 */
class GroupBatchNormTest {

  private static final int GROUP = 8;
  private static final double MOMENTUM = 0.9;
  private static final double EPS = 1e-5;

  @ParameterizedTest(name = "batch {0}, {1} channels, {2} px")
  @CsvSource({"8, 16, 8", "8, 3, 5", "4, 6, 4", "16, 5, 4", "24, 4, 3"})
  void theNormMatchesTheDefinition(int n, int c, int size) {
    SplittableRandom random = new SplittableRandom(n * 1000L + c * 10L + size);
    int count = n * c * size * size;
    float[] x = TestBatches.gaussian(random, count);
    for (int i = 0; i < count; i++) {
      x[i] = x[i] * 3 + 1.5f;
    }
    float[] upstream = TestBatches.gaussian(random, count);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      GroupBatchNorm norm = new GroupBatchNorm(c, GROUP, MOMENTUM, EPS);
      norm.initialize(manager, DataType.FLOAT32, new Shape(n, c, size, size));
      NDArray input = Ops.upload(manager, x, new Shape(n, c, size, size));
      input.setRequiresGradient(true);
      NDArray output;
      try (Autograd autograd = new Autograd()) {
        output =
            norm.forward(
                    new ParameterStore(manager, false),
                    new NDList(input),
                    true,
                    ForwardOptions.of(true, false))
                .head();
        autograd.backward(output.mul(Ops.upload(manager, upstream, output.getShape())).sum());
      }
      Expected expected = new Expected(n, c, size * size, x, upstream);
      assertClose("output", output.toFloatArray(), expected.output, 2e-5);
      assertClose("input gradient", input.getGradient().toFloatArray(), expected.gradient, 2e-5);
      assertClose(
          "running mean",
          norm.getParameters().get("runningMean").getArray().toFloatArray(),
          expected.runningMean,
          2e-6);
      assertClose(
          "running variance",
          norm.getParameters().get("runningVar").getArray().toFloatArray(),
          expected.runningVar,
          2e-6);
    }
  }

  private static void assertClose(String what, float[] actual, double[] expected, double relative) {
    double scale = 0;
    for (double v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i])
          .as("%s[%d]", what, i)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(relative * scale));
    }
  }

  /**
   * The definition in double: statistics per (group, channel) over the group's samples and pixels.
   */
  private static final class Expected {
    final double[] output;
    final double[] gradient;
    final double[] runningMean;
    final double[] runningVar;

    Expected(int n, int c, int pixels, float[] x, float[] upstream) {
      int group = Math.min(n, GROUP);
      int groups = n / group;
      output = new double[x.length];
      gradient = new double[x.length];
      runningMean = new double[c];
      runningVar = new double[c];
      double m = (double) group * pixels;
      for (int k = 0; k < groups; k++) {
        for (int ch = 0; ch < c; ch++) {
          double sum = 0;
          for (int i = k * group; i < (k + 1) * group; i++) {
            for (int p = 0; p < pixels; p++) {
              sum += x[(i * c + ch) * pixels + p];
            }
          }
          double mean = sum / m;
          double squares = 0;
          for (int i = k * group; i < (k + 1) * group; i++) {
            for (int p = 0; p < pixels; p++) {
              double d = x[(i * c + ch) * pixels + p] - mean;
              squares += d * d;
            }
          }
          double var = squares / m;
          double inv = 1 / Math.sqrt(var + EPS);
          double gradientMean = 0;
          double gradientDotNormalized = 0;
          for (int i = k * group; i < (k + 1) * group; i++) {
            for (int p = 0; p < pixels; p++) {
              int at = (i * c + ch) * pixels + p;
              output[at] = (x[at] - mean) * inv;
              gradientMean += upstream[at] / m;
              gradientDotNormalized += upstream[at] * output[at] / m;
            }
          }
          for (int i = k * group; i < (k + 1) * group; i++) {
            for (int p = 0; p < pixels; p++) {
              int at = (i * c + ch) * pixels + p;
              gradient[at] =
                  inv * (upstream[at] - gradientMean - output[at] * gradientDotNormalized);
            }
          }
          runningMean[ch] += (1 - MOMENTUM) * mean / groups;
          runningVar[ch] += (1 - MOMENTUM) * var / groups;
        }
      }
      for (int ch = 0; ch < c; ch++) {
        runningVar[ch] += MOMENTUM; // initialised to 1
      }
    }
  }
}
