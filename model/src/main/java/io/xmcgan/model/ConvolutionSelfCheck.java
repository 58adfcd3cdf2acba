package io.xmcgan.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Checks that the CPU's float32 convolutions (oneDNN) agree with libtorch's float64 convolutions
 * (its own im2col and GEMM, no oneDNN) in the forward pass and in the gradients for the input and
 * the weight, on shapes oneDNN's wide kernels got wrong on one machine (see {@link
 * OneDnnIsaLimit}): 3x3 convolutions to 3 channels, as G's output layer, and 24 to 24 channels.
 *
 * <p>Two uses: {@link #verifyOnce} before a process trains or generates on the CPU (a few shapes; a
 * wrong convolution gradient silently turns a training run into NaN, so a failure stops the
 * process), and {@link #verifyWideKernels}, the stronger check {@link OneDnnProbe} runs with the
 * wide kernels to decide whether this machine may use them. Each float32 run is repeated with the
 * memory a kernel did not write filled with NaN in turn ({@link Poison}), so a kernel that reads
 * memory it never wrote shows NaN instead of the zeros a fresh process would mostly find there.
 */
public final class ConvolutionSelfCheck {

  static final double TOLERANCE = 1e-3;

  /** The in-process check's runs per case: one with each {@link Poison}. */
  private static final int ATTEMPTS = 3;

  /** The probe's runs per case: each {@link Poison} twice. */
  private static final int PROBE_ATTEMPTS = 6;

  private static final Shape STRIDE = new Shape(1, 1);
  private static final Shape SAME_3X3 = new Shape(1, 1);
  private static volatile boolean passed;

  /**
   * A 3x3 convolution to check: batch 8, {@code in} to {@code out} channels, {@code size} pixels
   * square.
   */
  record Case(int in, int out, int size) {}

  /** The in-process check's shapes: the ones the wide kernels got wrong on the faulty machine. */
  static final List<Case> QUICK =
      List.of(new Case(24, 24, 16), new Case(3, 3, 32), new Case(4, 3, 16));

  /**
   * The probe's shapes: the quick ones, every output width under 16 that G's RGB layer and the test
   * networks use, and the widths of the real networks (up to 192 channels).
   */
  static final List<Case> WIDE_KERNEL_CASES =
      List.of(
          new Case(16, 3, 32),
          new Case(4, 3, 16),
          new Case(4, 3, 32),
          new Case(3, 3, 32),
          new Case(24, 24, 16),
          new Case(12, 12, 16),
          new Case(3, 16, 16),
          new Case(16, 16, 16),
          new Case(32, 3, 32),
          new Case(3, 32, 32),
          new Case(64, 64, 16),
          new Case(96, 96, 16),
          new Case(192, 96, 8),
          new Case(96, 192, 8),
          new Case(96, 3, 16),
          new Case(3, 96, 16));

  private ConvolutionSelfCheck() {}

  /**
   * Runs the quick check the first time it is called in this process.
   *
   * @throws IllegalStateException naming the wrong quantity and the fix
   */
  public static void verifyOnce(NDManager parent) {
    if (passed) {
      return;
    }
    synchronized (ConvolutionSelfCheck.class) {
      if (!passed) {
        try {
          for (Case c : QUICK) {
            verify(parent, c);
          }
        } catch (IllegalStateException e) {
          throw new IllegalStateException(
              e.getMessage() + "." + OneDnnIsaLimit.recordWrongInProcess(e.getMessage()), e);
        }
        passed = true;
      }
    }
  }

  /**
   * The probe's check: every one of {@link #WIDE_KERNEL_CASES}, each float32 run {@link
   * #PROBE_ATTEMPTS} times.
   *
   * @throws IllegalStateException on the first wrong quantity
   */
  static void verifyWideKernels(NDManager parent) {
    for (Case c : WIDE_KERNEL_CASES) {
      verify(parent, c, PROBE_ATTEMPTS, UnaryOperator.identity());
    }
  }

  /** Checks one case as the in-process check does. */
  static void verify(NDManager parent, Case c) {
    verify(parent, c, ATTEMPTS, UnaryOperator.identity());
  }

  /**
   * Checks one case; {@code float32InputGradient} sees the float32 input gradient before it is
   * compared (the identity, except in tests that corrupt it).
   */
  static void verify(
      NDManager parent, Case c, int attempts, UnaryOperator<NDArray> float32InputGradient) {
    int batch = 8;
    int inChannels = c.in();
    int outChannels = c.out();
    int size = c.size();
    SplittableRandom random = new SplittableRandom(20211);
    Shape xShape = new Shape(batch, inChannels, size, size);
    Shape wShape = new Shape(outChannels, inChannels, 3, 3);
    Shape yShape = new Shape(batch, outChannels, size, size);
    float[] x = gaussian(random, xShape);
    float[] w = gaussian(random, wShape);
    float[] upstream = gaussian(random, yShape);
    try (NDManager manager = parent.newSubManager()) {
      Result exact =
          run(
              manager,
              DataType.FLOAT64,
              x,
              w,
              upstream,
              xShape,
              wShape,
              yShape,
              UnaryOperator.identity());
      // With several threads the wrong kernels are right by chance now and then: repeat, with
      // new memory NaN, then freed memory NaN, then as a user's process runs.
      for (int attempt = 0; attempt < attempts; attempt++) {
        Result single;
        try (AutoCloseable0 poison =
            Poison.values()[attempt % Poison.values().length].start(manager)) {
          single =
              run(
                  manager,
                  DataType.FLOAT32,
                  x,
                  w,
                  upstream,
                  xShape,
                  wShape,
                  yShape,
                  float32InputGradient);
        }
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
   * What the memory a kernel did not write holds during a float32 run. The wrong kernels read
   * buffers they never wrote, so in a fresh process, where such memory is mostly zeros, they are
   * often right by chance. glibc's {@code M_PERTURB} fills every block malloc hands out (libtorch's
   * tensors, oneDNN's scratch buffers) with one byte and every freed block with its complement:
   * with 0xFF bytes, a float32 or float64 read of them is NaN, which the comparison catches.
   */
  enum Poison {
    /** Blocks handed out are 0xFF bytes (NaN), freed ones 0x00. */
    NEW_MEMORY_NAN(0x100),
    /**
     * Freed blocks are 0xFF bytes (NaN), blocks handed out 0x00; NaN-filled blocks of many sizes
     * freed first.
     */
    FREED_MEMORY_NAN(0xFF),
    /** Nothing changed: the memory a user's process would see. */
    NONE(0);

    private final int perturbByte;

    Poison(int perturbByte) {
      this.perturbByte = perturbByte;
    }

    /** Starts poisoning; closing the result stops it. */
    AutoCloseable0 start(NDManager manager) {
      if (this == FREED_MEMORY_NAN) {
        freeNanFilledBlocks(manager);
      }
      if (perturbByte == 0 || !Malloc.perturb(perturbByte)) {
        return () -> {};
      }
      return () -> Malloc.perturb(0);
    }
  }

  /** An {@link AutoCloseable} without a checked exception. */
  interface AutoCloseable0 extends AutoCloseable {
    @Override
    void close();
  }

  private static void freeNanFilledBlocks(NDManager parent) {
    try (NDManager scratch = parent.newSubManager()) {
      for (int floats = 1024; floats <= 1 << 20; floats *= 2) {
        scratch.full(new Shape(floats), Float.NaN);
        scratch.full(new Shape(floats), Float.NaN);
      }
    }
  }

  /** glibc's {@code mallopt(M_PERTURB, value)}; false where there is no such call. */
  private static final class Malloc {
    private static final int M_PERTURB = -6;

    static boolean perturb(int value) {
      try {
        return Library.C.mallopt(M_PERTURB, value) == 1;
      } catch (LinkageError | RuntimeException e) {
        return false;
      }
    }

    private interface Library extends com.sun.jna.Library {
      Library C = com.sun.jna.Native.load("c", Library.class);

      int mallopt(int param, int value);
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
      Shape yShape,
      UnaryOperator<NDArray> inputGradient) {
    // In the layout the networks convolve on the CPU: oneDNN picks other kernels for it.
    NDArray x = Ops.channelsLast(Ops.upload(manager, xValues, xShape).toType(type, false));
    NDArray w = Ops.upload(manager, wValues, wShape).toType(type, false);
    NDArray upstream = Ops.upload(manager, upstreamValues, yShape).toType(type, false);
    x.setRequiresGradient(true);
    w.setRequiresGradient(true);
    NDArray y;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      y = Conv2d.conv2d(x, w, null, STRIDE, SAME_3X3, STRIDE, 1).head();
      collector.backward(y.mul(upstream).sum());
    }
    return new Result(
        doubles(y), doubles(inputGradient.apply(x.getGradient())), doubles(w.getGradient()));
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
                  + " wide kernels are at fault on this CPU: start the process with %s=%s or run"
                  + " on a GPU",
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
