package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A fully connected layer with bias over the last axis. */
public final class DenseLayer extends WeightedLayer {

  public DenseLayer(int inFeatures, int outFeatures, boolean spectralNorm) {
    super(inFeatures, outFeatures, 1, spectralNorm, new Shape(outFeatures, inFeatures));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> options) {
    NDArray x = inputs.singletonOrThrow();
    NDArray w = effectiveWeight(store, x, training, options);
    return product(x, w, biasValue(store, x, training), Linear::linear);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {in.slice(0, in.dimension() - 1).add(outChannels)};
  }
}
