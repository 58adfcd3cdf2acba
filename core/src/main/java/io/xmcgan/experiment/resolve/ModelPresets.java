package io.xmcgan.experiment.resolve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The named starting points of an experiment's model: the reference values
 * (docs/reference-model.md).
 */
public final class ModelPresets {

  public static final String COCO_128 = "coco-128";
  public static final String COCO_256 = "coco-256";
  public static final String TINY = "tiny";

  private static final Map<String, ModelConfig> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put(COCO_128, reference(COCO_128, 128));
    PRESETS.put(COCO_256, reference(COCO_256, 256));
    PRESETS.put(TINY, tiny());
  }

  private ModelPresets() {}

  public static Set<String> names() {
    return PRESETS.keySet();
  }

  public static Optional<ModelConfig> find(String name) {
    return Optional.ofNullable(PRESETS.get(name));
  }

  private static ModelConfig reference(String name, int imageSize) {
    ChannelPlan plan = ChannelPlan.forImageSize(imageSize);
    return new ModelConfig(
        name,
        imageSize,
        128,
        96,
        96,
        768,
        17,
        128,
        16,
        plan.generator(),
        plan.discriminator(),
        plan.downsample(),
        15.0,
        0.9,
        1e-5,
        8,
        LossConfig.reference());
  }

  /**
   * Small enough to train on 2 CPU cores: 64 px, gf = df = 32, z = 64, a 64-wide text encoder, and
   * no frozen image encoder (a ResNet-50 forward would dominate the step).
   */
  private static ModelConfig tiny() {
    ChannelPlan plan = ChannelPlan.forImageSize(64);
    LossConfig reference = LossConfig.reference();
    return new ModelConfig(
        TINY,
        64,
        64,
        32,
        32,
        64,
        17,
        64,
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
            LossTerm.OFF));
  }
}
