package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.IntFunction;

/**
 * Generator up-block. main: norm, ReLU, up x2, Conv3x3, norm, ReLU, Conv3x3; shortcut: up x2,
 * Conv1x1. The reference has two kinds that differ only in their modulated norm: self-modulation
 * CBN on the global condition (N, condDim) below condSize, and spatial LCBN on the condition map
 * (N, M, condSize, condSize) above it, modulated at the input resolution first and at the output
 * resolution second (LCBN upsamples its gamma/beta to whatever it normalises). Inputs: x (N, Cin,
 * H, W) and the condition; output (N, Cout, 2H, 2W).
 */
public final class GenBlock extends NetworkBlock {

  private final int outChannels;
  private final NetworkBlock norm1;
  private final Conv2dLayer conv1;
  private final NetworkBlock norm2;
  private final Conv2dLayer conv2;
  private final Conv2dLayer shortcut;

  /** The reference's {@code GenBlock}: CBN on the global condition. */
  public static GenBlock selfModulated(
      int inChannels, int outChannels, int condDim, NormSettings norm) {
    return new GenBlock(
        inChannels, outChannels, c -> new SelfModulationBatchNorm(c, condDim, norm));
  }

  /** The reference's {@code GenSpatialBlock}: LCBN on the spatial condition map. */
  public static GenBlock spatial(
      int inChannels, int outChannels, int condChannels, NormSettings norm) {
    return new GenBlock(
        inChannels, outChannels, c -> new SpatialModulationBatchNorm(c, condChannels, norm));
  }

  private GenBlock(int inChannels, int outChannels, IntFunction<NetworkBlock> modulatedNorm) {
    this.outChannels = outChannels;
    norm1 = addChildBlock("norm1", modulatedNorm.apply(inChannels));
    conv1 = addChildBlock("conv1", new Conv2dLayer(inChannels, outChannels, 3, false));
    norm2 = addChildBlock("norm2", modulatedNorm.apply(outChannels));
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
