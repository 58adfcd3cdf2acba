package io.xmcgan.evaluation;

import java.util.SplittableRandom;

/** The generator's z ~ N(0, 1), drawn from a seeded stream so runs are reproducible. */
final class Noise {

  private Noise() {}

  static float[] gaussian(SplittableRandom random, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
