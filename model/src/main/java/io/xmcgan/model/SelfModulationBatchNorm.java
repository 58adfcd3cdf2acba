package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Self-modulation CBN: BN(x) * (1 + Dense(c)) + Dense(c) with per-channel gamma and beta from the
 * global condition vector. Inputs: x (N, C, H, W), c (N, condDim).
 */
public final class SelfModulationBatchNorm extends NetworkBlock {

  private final int channels;
  private final GroupBatchNorm norm;
  private final DenseLayer gamma;
  private final DenseLayer beta;

  public SelfModulationBatchNorm(int channels, int condDim, NormSettings settings) {
    this.channels = channels;
    this.norm = addChildBlock("norm", settings.create(channels));
    this.gamma = addChildBlock("gamma", new DenseLayer(condDim, channels, false));
    this.beta = addChildBlock("beta", new DenseLayer(condDim, channels, false));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> options) {
    NDArray x = inputs.get(0);
    NDList cond = new NDList(inputs.get(1));
    long n = x.getShape().get(0);
    NDArray normalized = norm.forward(store, new NDList(x), training, options).head();
    NDArray g = gamma.forward(store, cond, training, options).head().reshape(n, channels, 1, 1);
    NDArray b = beta.forward(store, cond, training, options).head().reshape(n, channels, 1, 1);
    return new NDList(normalized.mul(Ops.shift(g, 1)).add(b));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
