package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * What the {@link Discriminator} returns, by name; the order of its NDList lives here alone.
 *
 * @param logits (M, 1) real/fake scores
 * @param pooled (M, C) the image feature the contrastive terms compare
 * @param sentence (B, C) the projected sentence embedding of the batch's captions
 * @param regions (M, R, textDim) region features the word-region term attends over
 */
public record DiscriminatorOutputs(
    NDArray logits, NDArray pooled, NDArray sentence, NDArray regions) {

  public static DiscriminatorOutputs of(NDList outputs) {
    return new DiscriminatorOutputs(outputs.get(0), outputs.get(1), outputs.get(2), outputs.get(3));
  }

  public NDList toList() {
    return new NDList(logits, pooled, sentence, regions);
  }
}
