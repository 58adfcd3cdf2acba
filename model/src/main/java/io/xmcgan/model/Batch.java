package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * One sub-step's inputs on one device.
 *
 * @param images real images (N, 3, S, S) in [0, 1]
 * @param words word embeddings (N, T, E), padding positions included
 * @param maxLen tokens per caption including CLS and SEP (N), float
 * @param sentence sentence embeddings (N, E)
 * @param noise z (N, zDim)
 * @param shifts per image, the (x, y) shift in pixels that {@link DiscriminatorAugmentation}
 *     applies to it and to the image generated from its caption, when the experiment augments D's
 *     inputs: host values (2N), so that using them costs no device round trip
 */
public record Batch(
    NDArray images, NDArray words, NDArray maxLen, NDArray sentence, NDArray noise, int[] shifts) {

  public Batch {
    if (shifts.length != 2 * images.getShape().get(0)) {
      throw new IllegalArgumentException(
          "a batch of " + images.getShape().get(0) + " images needs 2 shifts per image");
    }
  }

  /** A batch whose images are not shifted. */
  public Batch(NDArray images, NDArray words, NDArray maxLen, NDArray sentence, NDArray noise) {
    this(images, words, maxLen, sentence, noise, new int[2 * (int) images.getShape().get(0)]);
  }

  public long size() {
    return images.getShape().get(0);
  }

  /** The generator's inputs in the order {@link Generator} expects. */
  public NDList generatorInputs() {
    return new NDList(noise, sentence, words, maxLen);
  }
}
