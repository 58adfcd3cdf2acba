package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Discriminator residual block, spectral norm on every conv. main: ReLU, Conv3x3, ReLU, Conv3x3
 * (then avgpool2 if downsampling); shortcut: Conv1x1 when downsampling or the width changes (then
 * avgpool2 if downsampling), identity otherwise.
 */
public final class DiscBlock extends NetworkBlock {

  private final int outChannels;
  private final boolean downsample;
  private final Conv2dLayer conv1;
  private final Conv2dLayer conv2;
  private final Conv2dLayer shortcut;

  public DiscBlock(int inChannels, int outChannels, boolean downsample) {
    this.outChannels = outChannels;
    this.downsample = downsample;
    conv1 = addChildBlock("conv1", new Conv2dLayer(inChannels, outChannels, 3, true));
    conv2 = addChildBlock("conv2", new Conv2dLayer(outChannels, outChannels, 3, true));
    shortcut =
        downsample || inChannels != outChannels
            ? addChildBlock("shortcut", new Conv2dLayer(inChannels, outChannels, 1, true))
            : null;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> options) {
    NDArray x0 = inputs.singletonOrThrow();
    NDArray x = conv1.forward(store, new NDList(Activation.relu(x0)), training, options).head();
    x = conv2.forward(store, new NDList(Activation.relu(x)), training, options).head();
    NDArray skip = x0;
    if (downsample) {
      x = Ops.avgPool2(x);
      skip = Ops.avgPool2(skip);
    }
    if (shortcut != null) {
      // A 1x1 convolution commutes with average pooling: pooling first is exact and 4x cheaper.
      skip = shortcut.forward(store, new NDList(skip), training, options).head();
    }
    return new NDList(x.add(skip));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    int f = downsample ? 2 : 1;
    return new Shape[] {new Shape(in.get(0), outChannels, in.get(2) / f, in.get(3) / f)};
  }
}
