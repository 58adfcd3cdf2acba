package io.xmcgan.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Checks, once per process, that the CPU's float32 convolutions (oneDNN) agree with libtorch's
 * float64 convolutions (its own im2col and GEMM, no oneDNN) in the forward pass and in the
 * gradients for the input and the weight. The shapes are ones oneDNN's wide kernels get wrong (see
 * {@link OneDnnIsaLimit}): 3x3 convolutions to 3 channels, as G's output layer, and 24 to 24
 * channels. A wrong convolution gradient silently turns a training run into NaN, so a failure stops
 * the process before it trains.
 */
public final class ConvolutionSelfCheck {

  static final double TOLERANCE = 1e-3;
  private static final int ATTEMPTS = 3;
  private static final Shape STRIDE = new Shape(1, 1);
  private static final Shape SAME_3X3 = new Shape(1, 1);
  private static volatile boolean passed;

  private ConvolutionSelfCheck() {}

  /**
   * Runs the check the first time it is called in this process.
   *
   * @throws IllegalStateException naming the wrong quantity and the fix
   */
  public static void verifyOnce(NDManager parent) {
    if (passed) {
      return;
    }
    synchronized (ConvolutionSelfCheck.class) {
      if (!passed) {
        verify(parent, 8, 24, 24, 16);
        verify(parent, 8, 3, 3, 32);
        verify(parent, 8, 4, 3, 16);
        passed = true;
      }
    }
  }

  static void verify(NDManager parent, int batch, int inChannels, int outChannels, int size) {
    SplittableRandom random = new SplittableRandom(20211);
    Shape xShape = new Shape(batch, inChannels, size, size);
    Shape wShape = new Shape(outChannels, inChannels, 3, 3);
    Shape yShape = new Shape(batch, outChannels, size, size);
    float[] x = gaussian(random, xShape);
    float[] w = gaussian(random, wShape);
    float[] upstream = gaussian(random, yShape);
    try (NDManager manager = parent.newSubManager()) {
      Result exact = run(manager, DataType.FLOAT64, x, w, upstream, xShape, wShape, yShape);
      // With several threads the wrong kernels are right by chance now and then: repeat.
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        poisonFreedMemory(manager);
        Result single = run(manager, DataType.FLOAT32, x, w, upstream, xShape, wShape, yShape);
        compare("forward output", single.output(), exact.output(), inChannels, outChannels);
        compare(
            "input gradient",
            single.inputGradient(),
            exact.inputGradient(),
            inChannels,
            outChannels);
        compare(
            "weight gradient",
            single.weightGradient(),
            exact.weightGradient(),
            inChannels,
            outChannels);
      }
    }
  }

  /**
   * The wrong kernels read buffers they never wrote, so in a fresh process, where freed memory is
   * mostly zeros, they are often right by chance. Freeing NaN-filled blocks of many sizes first
   * makes such a read show up in the comparison.
   */
  private static void poisonFreedMemory(NDManager parent) {
    try (NDManager scratch = parent.newSubManager()) {
      for (int floats = 1024; floats <= 1 << 20; floats *= 2) {
        scratch.full(new Shape(floats), Float.NaN);
        scratch.full(new Shape(floats), Float.NaN);
      }
    }
  }

  private record Result(double[] output, double[] inputGradient, double[] weightGradient) {}

  private static Result run(
      NDManager manager,
      DataType type,
      float[] xValues,
      float[] wValues,
      float[] upstreamValues,
      Shape xShape,
      Shape wShape,
      Shape yShape) {
    NDArray x = Ops.upload(manager, xValues, xShape).toType(type, false);
    NDArray w = Ops.upload(manager, wValues, wShape).toType(type, false);
    NDArray upstream = Ops.upload(manager, upstreamValues, yShape).toType(type, false);
    x.setRequiresGradient(true);
    w.setRequiresGradient(true);
    NDArray y;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      y = Conv2d.conv2d(x, w, null, STRIDE, SAME_3X3, STRIDE, 1).head();
      collector.backward(y.mul(upstream).sum());
    }
    return new Result(doubles(y), doubles(x.getGradient()), doubles(w.getGradient()));
  }

  static void compare(
      String what, double[] actual, double[] expected, int inChannels, int outChannels) {
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      double difference = Math.abs(actual[i] - expected[i]);
      worst = Double.isNaN(difference) ? Double.NaN : Math.max(worst, difference);
    }
    if (Double.isNaN(worst) || worst > TOLERANCE * scale) {
      String error =
          Double.isNaN(worst)
              ? "has NaN values"
              : String.format(
                  Locale.ROOT,
                  "is off by %.3g of its largest value (tolerance %.0e)",
                  worst / scale,
                  TOLERANCE);
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "this CPU computes wrong float32 convolutions: the %s of a 3x3 convolution from %d to"
                  + " %d channels %s, which would corrupt training and generated images. oneDNN's"
                  + " wide kernels are at fault: start the process with %s=%s (what every xmcgan"
                  + " command sets unless you set the variable yourself) or run on a GPU",
              what,
              inChannels,
              outChannels,
              error,
              OneDnnIsaLimit.VARIABLE,
              OneDnnIsaLimit.EXACT_ISA));
    }
  }

  private static double[] doubles(NDArray array) {
    return array.toType(DataType.FLOAT64, false).toDoubleArray();
  }

  private static float[] gaussian(SplittableRandom random, Shape shape) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
