package io.xmcgan.experiment.resolve;

import java.util.List;

/**
 * Every architecture number of one XMC-GAN configuration, fully explicit, so that a checkpoint
 * records exactly what produced it and a network can be rebuilt from it alone.
 *
 * @param preset the preset this configuration was resolved from
 * @param imageSize output side in pixels (32, 64, 128 or 256)
 * @param zDim noise width
 * @param gfDim generator base channel width
 * @param dfDim discriminator base channel width
 * @param textDim width of the text encoder's token vectors (768 for BERT-base)
 * @param maxTokens tokens per caption including [CLS] and [SEP] (17)
 * @param sentenceProjDim width of Dense(sentence) in the generator's global condition (128)
 * @param condSize side of the word-region attention map and of D's region features (16)
 * @param generatorChannels multipliers of gfDim: the 4x4 dense output, then each up block's output
 * @param discriminatorChannels multipliers of dfDim: the optimized block, then each D block
 * @param discriminatorDownsample whether each D block (same order) halves the resolution
 * @param attentionGamma sharpness of G's word-region attention (15)
 * @param bnMomentum running-statistics momentum, Flax convention (0.9 keeps 90% of the old value)
 * @param bnEpsilon batch-norm epsilon (1e-5)
 * @param groupSize samples per batch-norm statistics group and per contrastive-negatives group (8)
 * @param losses the objective
 */
public record ModelConfig(
    String preset,
    int imageSize,
    int zDim,
    int gfDim,
    int dfDim,
    int textDim,
    int maxTokens,
    int sentenceProjDim,
    int condSize,
    List<Integer> generatorChannels,
    List<Integer> discriminatorChannels,
    List<Boolean> discriminatorDownsample,
    double attentionGamma,
    double bnMomentum,
    double bnEpsilon,
    int groupSize,
    LossConfig losses) {

  public ModelConfig {
    generatorChannels = List.copyOf(generatorChannels);
    discriminatorChannels = List.copyOf(discriminatorChannels);
    discriminatorDownsample = List.copyOf(discriminatorDownsample);
  }

  /** Channels of the spatial condition map: attended word context plus the tiled global cond. */
  public int spatialConditionDim() {
    return textDim + sentenceProjDim + zDim;
  }
}
