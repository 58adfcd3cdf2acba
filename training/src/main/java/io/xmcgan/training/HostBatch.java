package io.xmcgan.training;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.xmcgan.model.Batch;
import io.xmcgan.model.Ops;
import java.util.List;

/** A batch of examples stacked in host memory, ready to be copied to a device. */
public record HostBatch(
    int size,
    int imageSize,
    int tokens,
    int textDim,
    int zDim,
    float[] images,
    float[] words,
    float[] maxLen,
    float[] sentence,
    float[] noise,
    int[] shifts) {

  public static HostBatch stack(
      List<TrainingExample> examples, int imageSize, int tokens, int textDim, int zDim) {
    int n = examples.size();
    int imageValues = 3 * imageSize * imageSize;
    int wordValues = tokens * textDim;
    float[] images = new float[n * imageValues];
    float[] words = new float[n * wordValues];
    float[] maxLen = new float[n];
    float[] sentence = new float[n * textDim];
    float[] noise = new float[n * zDim];
    int[] shifts = new int[2 * n];
    for (int i = 0; i < n; i++) {
      TrainingExample example = examples.get(i);
      System.arraycopy(example.image(), 0, images, i * imageValues, imageValues);
      System.arraycopy(example.words(), 0, words, i * wordValues, wordValues);
      maxLen[i] = example.maxLen();
      System.arraycopy(example.sentence(), 0, sentence, i * textDim, textDim);
      System.arraycopy(example.noise(), 0, noise, i * zDim, zDim);
      shifts[2 * i] = example.shiftX();
      shifts[2 * i + 1] = example.shiftY();
    }
    return new HostBatch(
        n, imageSize, tokens, textDim, zDim, images, words, maxLen, sentence, noise, shifts);
  }

  /**
   * The batch as arrays of {@code manager} (on its device), in the model's layout, copied into
   * memory libtorch owns because autograd may keep them past this batch's Java objects.
   */
  public Batch toDevice(NDManager manager) {
    return new Batch(
        Ops.upload(manager, images, new Shape(size, 3, imageSize, imageSize)),
        Ops.upload(manager, words, new Shape(size, tokens, textDim)),
        Ops.upload(manager, maxLen, new Shape(size)),
        Ops.upload(manager, sentence, new Shape(size, textDim)),
        Ops.upload(manager, noise, new Shape(size, zDim)),
        shifts);
  }

  /** The first {@code count} examples (the batch itself when it has no more). */
  public HostBatch head(int count) {
    if (count >= size) {
      return this;
    }
    return new HostBatch(
        count,
        imageSize,
        tokens,
        textDim,
        zDim,
        java.util.Arrays.copyOf(images, count * 3 * imageSize * imageSize),
        java.util.Arrays.copyOf(words, count * tokens * textDim),
        java.util.Arrays.copyOf(maxLen, count),
        java.util.Arrays.copyOf(sentence, count * textDim),
        java.util.Arrays.copyOf(noise, count * zDim),
        java.util.Arrays.copyOf(shifts, 2 * count));
  }
}
