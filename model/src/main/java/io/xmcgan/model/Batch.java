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
 */
public record Batch(
    NDArray images, NDArray words, NDArray maxLen, NDArray sentence, NDArray noise) {

  public long size() {
    return images.getShape().get(0);
  }

  /** The generator's inputs in the order {@link Generator} expects. */
  public NDList generatorInputs() {
    return new NDList(noise, sentence, words, maxLen);
  }
}
