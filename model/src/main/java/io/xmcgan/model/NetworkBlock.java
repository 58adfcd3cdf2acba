package io.xmcgan.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * Base of every block of the networks. All parameter shapes are fixed at construction from the
 * configuration, so initialisation does not depend on input shapes: children are initialised
 * directly and {@link #getOutputShapes} is pure shape arithmetic (no forward needed).
 */
public abstract class NetworkBlock extends AbstractBlock {

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : children.values()) {
      child.initialize(manager, dataType, inputShapes);
    }
  }

  /** A trainable parameter of fixed shape; values are set by {@link Initialization}. */
  protected Parameter trainable(String name, Parameter.Type type, Shape shape) {
    return addParameter(
        Parameter.builder()
            .setName(name)
            .setType(type)
            .optShape(shape)
            .optInitializer(Initializer.ZEROS)
            .build());
  }

  /** A persistent, non-trained state tensor (spectral-norm vector, BN running statistics). */
  protected Parameter state(String name, Parameter.Type type, Shape shape, Initializer init) {
    return addParameter(
        Parameter.builder()
            .setName(name)
            .setType(type)
            .optShape(shape)
            .optInitializer(init)
            .optRequiresGrad(false)
            .build());
  }
}
