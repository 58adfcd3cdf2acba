package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** The generator's word-region attention and the padding mask it shares with the word loss. */
public final class WordRegionAttention {

  static final float MASK_PENALTY = -1e9f;

  private WordRegionAttention() {}

  /**
   * Padding mask (N, T): 1 where the token index is at or past the sample's max_len (CLS and SEP
   * included in max_len), 0 for real tokens.
   */
  public static NDArray paddingMask(NDArray maxLen, int tokens) {
    NDArray positions =
        maxLen.getManager().arange(0f, tokens, 1f, DataType.FLOAT32).reshape(1, tokens);
    long n = maxLen.getShape().get(0);
    return positions
        .gte(maxLen.toType(DataType.FLOAT32, false).reshape(n, 1))
        .toType(DataType.FLOAT32, false);
  }

  /**
   * For each region a softmax over the words of gamma * cos(region, word), padded words excluded;
   * returns the mix of normalised word vectors (N, R, E). regions (N, R, E), words (N, T, E), mask
   * (N, T) from {@link #paddingMask}.
   */
  public static NDArray attend(NDArray regions, NDArray words, NDArray mask, double gamma) {
    NDArray r = Ops.l2Normalize(regions, -1);
    NDArray w = Ops.l2Normalize(words, -1);
    long n = mask.getShape().get(0);
    long t = mask.getShape().get(1);
    NDArray logits =
        Ops.scale(r.batchMatMul(w.transpose(0, 2, 1)), gamma)
            .add(Ops.scale(mask.reshape(n, 1, t), MASK_PENALTY));
    return logits.softmax(-1).batchMatMul(w);
  }
}
