package io.xmcgan.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Parameter counts of a block by kind. Counts come from the declared shapes, so they are available
 * before initialisation.
 *
 * @param trainable weights and biases (what the optimisers update)
 * @param spectralNormVectors the persistent power-iteration vectors u
 * @param batchNormStatistics running means and variances
 */
public record ParameterCounts(long trainable, long spectralNormVectors, long batchNormStatistics) {

  public static ParameterCounts of(Block block) {
    long trainable = 0;
    long spectral = 0;
    long statistics = 0;
    for (Pair<String, Parameter> pair : block.getParameters()) {
      Parameter p = pair.getValue();
      long size = p.getShape().size();
      switch (p.getType()) {
        case WEIGHT, BIAS -> trainable += size;
        case RUNNING_MEAN, RUNNING_VAR -> statistics += size;
        default -> spectral += size;
      }
    }
    return new ParameterCounts(trainable, spectral, statistics);
  }
}
