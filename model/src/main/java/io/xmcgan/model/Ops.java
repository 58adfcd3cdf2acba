package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/** Tensor operations shared by the blocks and losses (NCHW layout throughout). */
public final class Ops {

  private static final Shape POOL_2X2 = new Shape(2, 2);
  private static final Shape NO_PADDING = new Shape(0, 0);

  private Ops() {}

  /** x / sqrt(max(sum(x^2, axis), eps)), the reference's {@code l2_normalize} (eps 1e-12). */
  public static NDArray l2Normalize(NDArray x, int axis) {
    NDArray squareSum = x.square().sum(new int[] {axis}, true);
    return x.div(squareSum.maximum(1e-12f).sqrt());
  }

  /** Nearest-neighbour upsampling of an NCHW map by an integer factor on both spatial axes. */
  public static NDArray upsampleNearest(NDArray x, int factor) {
    if (factor == 1) {
      return x;
    }
    Shape s = x.getShape();
    long n = s.get(0);
    long c = s.get(1);
    long h = s.get(2);
    long w = s.get(3);
    return x.reshape(n, c, h, 1, w, 1)
        .broadcast(new Shape(n, c, h, factor, w, factor))
        .reshape(n, c, h * factor, w * factor);
  }

  /** 2x2 average pooling with stride 2: TF 'SAME' on even sizes. */
  public static NDArray avgPool2(NDArray x) {
    return Pool.avgPool2d(x, POOL_2X2, POOL_2X2, NO_PADDING, false, true);
  }
}
