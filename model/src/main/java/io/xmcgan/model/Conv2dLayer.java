package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A k x k convolution, stride 1, 'SAME' padding, with bias; NCHW. */
public final class Conv2dLayer extends WeightedLayer {

  private static final Shape STRIDE = new Shape(1, 1);
  private final Shape padding;

  public Conv2dLayer(int inChannels, int outChannels, int kernel, boolean spectralNorm) {
    super(
        inChannels,
        outChannels,
        kernel,
        spectralNorm,
        new Shape(outChannels, inChannels, kernel, kernel));
    this.padding = new Shape(kernel / 2, kernel / 2);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> options) {
    NDArray x = inputs.singletonOrThrow();
    NDArray w = effectiveWeight(store, x, training, options);
    return product(
        x,
        w,
        biasValue(store, x, training),
        (input, weight, bias) -> Conv2d.conv2d(input, weight, bias, STRIDE, padding, STRIDE, 1));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), outChannels, in.get(2), in.get(3))};
  }
}
