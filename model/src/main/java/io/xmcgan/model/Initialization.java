package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Reproducible initialisation of an initialised block from a seed: weights from the reference's
 * {@code glorot_normal} (variance 2 / (fanIn + fanOut) with k x k counted in both fans, a normal
 * truncated at +-2 standard deviations and rescaled so the variance is exact), zero biases,
 * spectral-norm vectors ~ N(0, 0.01^2), BN running mean 0 and variance 1. Each parameter draws from
 * its own stream derived from the seed and its name, so the values do not depend on the order of
 * initialisation.
 */
public final class Initialization {

  /** Standard deviation of a unit normal truncated to [-2, 2] (JAX's correction constant). */
  static final double TRUNCATED_STDDEV = 0.87962566103423978;

  private Initialization() {}

  public static void apply(Block block, long seed) {
    for (Pair<String, Parameter> pair : block.getParameters()) {
      Parameter parameter = pair.getValue();
      NDArray array = parameter.getArray();
      float[] values = values(pair.getKey(), parameter, seed);
      array.set(FloatBuffer.wrap(values));
    }
  }

  private static float[] values(String name, Parameter parameter, long seed) {
    Shape shape = parameter.getShape();
    float[] values = new float[Math.toIntExact(shape.size())];
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
    switch (parameter.getType()) {
      case WEIGHT -> {
        long receptive = shape.dimension() == 4 ? shape.get(2) * shape.get(3) : 1;
        double fanIn = shape.get(1) * receptive;
        double fanOut = shape.get(0) * receptive;
        double stddev = Math.sqrt(2.0 / (fanIn + fanOut)) / TRUNCATED_STDDEV;
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (truncatedUnitNormal(random) * stddev);
        }
      }
      case RUNNING_VAR -> Arrays.fill(values, 1f);
      case OTHER -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (random.nextGaussian() * 0.01);
        }
      }
      default -> {
        // biases and running means start at zero
      }
    }
    return values;
  }

  private static double truncatedUnitNormal(SplittableRandom random) {
    while (true) {
      double x = random.nextGaussian();
      if (Math.abs(x) <= 2.0) {
        return x;
      }
    }
  }
}
