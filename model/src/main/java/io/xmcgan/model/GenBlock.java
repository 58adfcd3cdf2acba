package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Generator up-block conditioned by self-modulation CBN. main: CBN, ReLU, up x2, Conv3x3, CBN,
 * ReLU, Conv3x3; shortcut: up x2, Conv1x1. Inputs: x (N, Cin, H, W), global cond (N, condDim);
 * output (N, Cout, 2H, 2W).
 */
public final class GenBlock extends NetworkBlock {

  private final int outChannels;
  private final SelfModulationBatchNorm norm1;
  private final Conv2dLayer conv1;
  private final SelfModulationBatchNorm norm2;
  private final Conv2dLayer conv2;
  private final Conv2dLayer shortcut;

  public GenBlock(int inChannels, int outChannels, int condDim, NormSettings norm) {
    this.outChannels = outChannels;
    norm1 = addChildBlock("norm1", new SelfModulationBatchNorm(inChannels, condDim, norm));
    conv1 = addChildBlock("conv1", new Conv2dLayer(inChannels, outChannels, 3, false));
    norm2 = addChildBlock("norm2", new SelfModulationBatchNorm(outChannels, condDim, norm));
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
