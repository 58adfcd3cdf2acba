package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Generator up-block conditioned by spatial LCBN: like {@link GenBlock}, with the first norm
 * modulated by the condition map at the input resolution and the second at the output resolution
 * (both nearest upsamplings of the condSize map, which is what is passed in). Inputs: x (N, Cin, H,
 * W), condition map (N, M, condSize, condSize); output (N, Cout, 2H, 2W).
 */
public final class GenSpatialBlock extends NetworkBlock {

  private final int outChannels;
  private final SpatialModulationBatchNorm norm1;
  private final Conv2dLayer conv1;
  private final SpatialModulationBatchNorm norm2;
  private final Conv2dLayer conv2;
  private final Conv2dLayer shortcut;

  public GenSpatialBlock(int inChannels, int outChannels, int condChannels, NormSettings norm) {
    this.outChannels = outChannels;
    norm1 = addChildBlock("norm1", new SpatialModulationBatchNorm(inChannels, condChannels, norm));
    conv1 = addChildBlock("conv1", new Conv2dLayer(inChannels, outChannels, 3, false));
    norm2 = addChildBlock("norm2", new SpatialModulationBatchNorm(outChannels, condChannels, norm));
    conv2 = addChildBlock("conv2", new Conv2dLayer(outChannels, outChannels, 3, false));
    shortcut = addChildBlock("shortcut", new Conv2dLayer(inChannels, outChannels, 1, false));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> options) {
    NDArray x0 = inputs.get(0);
    NDArray cond = inputs.get(1);
    NDArray x = norm1.forward(store, new NDList(x0, cond), training, options).head();
    x = Ops.upsampleNearest(Activation.relu(x), 2);
    x = conv1.forward(store, new NDList(x), training, options).head();
    x = norm2.forward(store, new NDList(x, cond), training, options).head();
    x = conv2.forward(store, new NDList(Activation.relu(x)), training, options).head();
    NDArray skip =
        shortcut.forward(store, new NDList(Ops.upsampleNearest(x0, 2)), training, options).head();
    return new NDList(x.add(skip));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), outChannels, in.get(2) * 2, in.get(3) * 2)};
  }
}
