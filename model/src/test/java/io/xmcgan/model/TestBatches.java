package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.xmcgan.experiment.resolve.ModelConfig;
import java.util.SplittableRandom;

/** Seeded random inputs of the shapes a data pipeline delivers. */
final class TestBatches {

  private TestBatches() {}

  static Batch random(NDManager manager, ModelConfig config, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int s = config.imageSize();
    int t = config.maxTokens();
    int e = config.textDim();
    float[] maxLen = new float[n];
    for (int i = 0; i < n; i++) {
      maxLen[i] = 2 + random.nextInt(t - 1);
    }
    NDArray images = manager.create(uniform(random, n * 3 * s * s), new Shape(n, 3, s, s));
    NDArray words = manager.create(gaussian(random, n * t * e), new Shape(n, t, e));
    NDArray sentence = words.sum(new int[] {1}).div(manager.create(maxLen).reshape(n, 1));
    NDArray noise =
        manager.create(gaussian(random, n * config.zDim()), new Shape(n, config.zDim()));
    return new Batch(images, words, manager.create(maxLen), sentence, noise);
  }

  static float[] gaussian(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static float[] uniform(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble();
    }
    return values;
  }
}
