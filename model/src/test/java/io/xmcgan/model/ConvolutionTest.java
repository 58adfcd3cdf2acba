package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Convolutions as the networks run them, against sums written out in Java: the shapes include G's
 * RGB output layer, whose input gradient oneDNN's wide kernels got wrong (NaN in G after a step).
 */
class ConvolutionTest {

  @ParameterizedTest(name = "3x3 conv {0} -> {1} channels at {2} px")
  @CsvSource({"16, 3, 32", "4, 3, 16", "3, 3, 32", "24, 24, 16", "12, 12, 16", "3, 16, 16"})
  void aConvolutionLayerAndItsGradientsMatchTheDirectSum(int in, int out, int size) {
    checkAgainstTheDirectSum(in, out, size, false);
    checkAgainstTheDirectSum(in, out, size, true);
  }

  /**
   * The exact fallback of a machine whose oneDNN kernels are wrong ({@link
   * OneDnnIsaLimit#applyToEngine}): libtorch's own convolutions, in both layouts.
   */
  @ParameterizedTest(name = "3x3 conv {0} -> {1} channels at {2} px, oneDNN off")
  @CsvSource({"16, 3, 32", "4, 3, 16", "24, 24, 16", "3, 16, 16"})
  void libtorchsOwnConvolutionsMatchTheDirectSum(int in, int out, int size) {
    assertThat(LibtorchMkldnn.disable()).as("libtorch's oneDNN switch").isTrue();
    try {
      checkAgainstTheDirectSum(in, out, size, false);
      checkAgainstTheDirectSum(in, out, size, true);
    } finally {
      LibtorchMkldnn.enable();
    }
  }

  /** One layer's output and gradients, with its input NCHW or channels-last as the networks run. */
  private static void checkAgainstTheDirectSum(int in, int out, int size, boolean channelsLast) {
    int n = 8;
    SplittableRandom random = new SplittableRandom(in * 100L + out);
    float[] x = TestBatches.gaussian(random, n * in * size * size);
    float[] upstream = TestBatches.gaussian(random, n * out * size * size);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Conv2dLayer layer = new Conv2dLayer(in, out, 3, false);
      layer.initialize(manager, DataType.FLOAT32, new Shape(n, in, size, size));
      Initialization.apply(layer, 5);
      float[] w = layer.getParameters().get("weight").getArray().toFloatArray();
      float[] b = layer.getParameters().get("bias").getArray().toFloatArray();
      NDArray uploaded = Ops.upload(manager, x, new Shape(n, in, size, size));
      NDArray input = channelsLast ? Ops.channelsLast(uploaded) : uploaded;
      input.setRequiresGradient(true);
      NDArray output;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        output = layer.forward(new ParameterStore(manager, false), new NDList(input), true).head();
        collector.backward(output.mul(Ops.upload(manager, upstream, output.getShape())).sum());
      }
      DirectConvolution expected = new DirectConvolution(n, in, out, size, x, w, b, upstream);
      assertClose("output", output.toFloatArray(), expected.output);
      assertClose("input gradient", input.getGradient().toFloatArray(), expected.inputGradient);
      assertClose(
          "weight gradient",
          layer.getParameters().get("weight").getArray().getGradient().toFloatArray(),
          expected.weightGradient);
    }
  }

  @Test
  void theSelfCheckPassesWithTheKernelsTheTestsRun() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      for (ConvolutionSelfCheck.Case c : ConvolutionSelfCheck.QUICK) {
        ConvolutionSelfCheck.verify(manager, c);
      }
    }
  }

  /**
   * A kernel that reads memory it never wrote: the correct input gradient plus 0 x (an
   * uninitialised tensor). After the check has freed NaN-filled blocks, the uninitialised memory is
   * NaN and the check fails every time; in a fresh process it would mostly be zeros.
   */
  @Test
  void theSelfCheckCatchesAKernelThatReadsMemoryItNeverWrote() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      for (int run = 0; run < 3; run++) {
        assertThatThrownBy(
                () ->
                    ConvolutionSelfCheck.verify(
                        manager,
                        new ConvolutionSelfCheck.Case(16, 3, 32),
                        1,
                        gradient ->
                            gradient.add(
                                manager
                                    .create(gradient.getShape(), gradient.getDataType())
                                    .mul(Ops.constant(gradient, 0)))))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(
                "input gradient of a 3x3 convolution from 16 to 3 channels has NaN values");
      }
    }
  }

  @Test
  void theSelfCheckCatchesAWrongGradientFromTheKernels() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      assertThatThrownBy(
              () ->
                  ConvolutionSelfCheck.verify(
                      manager,
                      new ConvolutionSelfCheck.Case(4, 3, 16),
                      1,
                      gradient -> gradient.mul(Ops.constant(gradient, 1.01))))
          .hasMessageContaining(
              "input gradient of a 3x3 convolution from 4 to 3 channels is off by");
    }
  }

  @Test
  void theSelfCheckNamesAWrongGradientAndTheFix() {
    double[] exact = {1, -2, 3};
    assertThatThrownBy(
            () ->
                ConvolutionSelfCheck.compare(
                    "input gradient", new double[] {1, -2, 2}, exact, 16, 3))
        .hasMessageContaining("input gradient of a 3x3 convolution from 16 to 3 channels")
        .hasMessageContaining("ONEDNN_MAX_CPU_ISA=SSE41");
    assertThatThrownBy(
            () ->
                ConvolutionSelfCheck.compare(
                    "input gradient", new double[] {1, Double.NaN, 3}, exact, 16, 3))
        .hasMessageContaining("input gradient of a 3x3 convolution from 16 to 3 channels has NaN");
    ConvolutionSelfCheck.compare("input gradient", new double[] {1, -2, 3.0001}, exact, 16, 3);
  }

  private static void assertClose(String what, float[] actual, double[] expected) {
    double scale = 0;
    for (double v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i])
          .as("%s[%d]", what, i)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4 * scale));
    }
  }

  /** Stride 1, padding 1, written out as the definition: y = b + sum x * w. */
  private static final class DirectConvolution {
    final double[] output;
    final double[] inputGradient;
    final double[] weightGradient;

    DirectConvolution(
        int n, int in, int out, int s, float[] x, float[] w, float[] b, float[] upstream) {
      output = new double[n * out * s * s];
      inputGradient = new double[x.length];
      weightGradient = new double[w.length];
      for (int i = 0; i < n; i++) {
        for (int o = 0; o < out; o++) {
          for (int p = 0; p < s; p++) {
            for (int q = 0; q < s; q++) {
              int yi = ((i * out + o) * s + p) * s + q;
              double sum = b[o];
              for (int c = 0; c < in; c++) {
                for (int di = 0; di < 3; di++) {
                  for (int dj = 0; dj < 3; dj++) {
                    int r = p + di - 1;
                    int col = q + dj - 1;
                    if (r < 0 || col < 0 || r >= s || col >= s) {
                      continue;
                    }
                    int xi = ((i * in + c) * s + r) * s + col;
                    int wi = ((o * in + c) * 3 + di) * 3 + dj;
                    sum += x[xi] * w[wi];
                    inputGradient[xi] += upstream[yi] * w[wi];
                    weightGradient[wi] += upstream[yi] * x[xi];
                  }
                }
              }
              output[yi] = sum;
            }
          }
        }
      }
    }
  }
}
