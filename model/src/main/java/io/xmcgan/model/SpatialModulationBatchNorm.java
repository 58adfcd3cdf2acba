package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Spatial (local) self-modulation LCBN: BN(x) * (1 + Conv1x1(m)) + Conv1x1(m) with per-pixel gamma
 * and beta. The reference applies the 1x1 convolutions to the condition map nearest-upsampled to
 * x's size; a 1x1 convolution commutes with nearest upsampling, so gamma and beta are computed on
 * the map at its own (condSize) resolution and then upsampled, which gives the same values and
 * gradients at a fraction of the cost (docs/reference-model.md, "Where this implementation
 * approximates the reference"). Inputs: x (N, C, H, W), m (N, M, h, w) with H / h an integer.
 */
public final class SpatialModulationBatchNorm extends NetworkBlock {

  private final GroupBatchNorm norm;
  private final Conv2dLayer gamma;
  private final Conv2dLayer beta;

  public SpatialModulationBatchNorm(int channels, int condChannels, NormSettings settings) {
    this.norm = addChildBlock("norm", settings.create(channels));
    this.gamma = addChildBlock("gamma", new Conv2dLayer(condChannels, channels, 1, false));
    this.beta = addChildBlock("beta", new Conv2dLayer(condChannels, channels, 1, false));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> options) {
    NDArray x = inputs.get(0);
    NDList cond = new NDList(inputs.get(1));
    int factor = (int) (x.getShape().get(2) / inputs.get(1).getShape().get(2));
    NDArray normalized = norm.forward(store, new NDList(x), training, options).head();
    NDArray g = Ops.upsampleNearest(gamma.forward(store, cond, training, options).head(), factor);
    NDArray b = Ops.upsampleNearest(beta.forward(store, cond, training, options).head(), factor);
    return new NDList(normalized.mul(Ops.shift(g, 1)).add(b));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
