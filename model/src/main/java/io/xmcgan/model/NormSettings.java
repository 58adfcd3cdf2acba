package io.xmcgan.model;

import io.xmcgan.experiment.resolve.ModelConfig;

/** Batch-norm settings shared by every norm of the generator. */
public record NormSettings(int groupSize, double momentum, double epsilon) {

  public static NormSettings of(ModelConfig config) {
    return new NormSettings(config.groupSize(), config.bnMomentum(), config.bnEpsilon());
  }

  GroupBatchNorm create(int channels) {
    return new GroupBatchNorm(channels, groupSize, momentum, epsilon);
  }
}
