package io.xmcgan.model;

import io.xmcgan.experiment.resolve.ChannelPlan;
import io.xmcgan.experiment.resolve.LossConfig;
import io.xmcgan.experiment.resolve.LossTerm;
import io.xmcgan.experiment.resolve.ModelConfig;

/** Configurations small enough for fast CPU tests. */
final class TestConfigs {

  private TestConfigs() {}

  /** 32 px, 8 channels, 16-wide text; every loss term on (the encoder one as given). */
  static ModelConfig micro(boolean imageEncoder) {
    ChannelPlan plan = ChannelPlan.forImageSize(32);
    LossConfig reference = LossConfig.reference();
    return new ModelConfig(
        "micro-test",
        32,
        8,
        8,
        8,
        16,
        7,
        8,
        16,
        plan.generator(),
        plan.discriminator(),
        plan.downsample(),
        15.0,
        0.9,
        1e-5,
        8,
        new LossConfig(
            reference.temperature(),
            reference.wordGamma1(),
            reference.wordGamma2(),
            reference.wordGamma3(),
            LossTerm.ON,
            LossTerm.ON,
            LossTerm.ON,
            imageEncoder ? LossTerm.ON : LossTerm.OFF));
  }
}
