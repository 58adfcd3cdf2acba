package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The discriminator's first block, spectral norm on every conv. main: Conv3x3, ReLU, Conv3x3,
 * avgpool2; shortcut: avgpool2, Conv1x1; output = main + shortcut at half resolution.
 */
public final class DiscOptimizedBlock extends NetworkBlock {

  private final int outChannels;
  private final Conv2dLayer conv1;
  private final Conv2dLayer conv2;
  private final Conv2dLayer shortcut;

  public DiscOptimizedBlock(int inChannels, int outChannels) {
    this.outChannels = outChannels;
    conv1 = addChildBlock("conv1", new Conv2dLayer(inChannels, outChannels, 3, true));
    conv2 = addChildBlock("conv2", new Conv2dLayer(outChannels, outChannels, 3, true));
    shortcut = addChildBlock("shortcut", new Conv2dLayer(inChannels, outChannels, 1, true));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> options) {
    NDArray x0 = inputs.singletonOrThrow();
    NDArray x = conv1.forward(store, new NDList(x0), training, options).head();
    x = conv2.forward(store, new NDList(Activation.relu(x)), training, options).head();
    NDArray skip = shortcut.forward(store, new NDList(Ops.avgPool2(x0)), training, options).head();
    return new NDList(Ops.avgPool2(x).add(skip));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), outChannels, in.get(2) / 2, in.get(3) / 2)};
  }
}
