package io.xmcgan.experiment.resolve;

/**
 * The XMC-GAN objective (docs/reference-model.md, "Losses"). The adversarial hinge terms are always
 * on; the four contrastive terms can be switched and weighted.
 *
 * @param temperature InfoNCE temperature of the sentence and image losses (0.1)
 * @param wordGamma1 sharpness of the word-to-region attention (5)
 * @param wordGamma2 sharpness of the log-sum-exp over words (5)
 * @param wordGamma3 scale of the word-region logits (50)
 * @param sentence sentence-image InfoNCE through D's pooled feature
 * @param word word-region loss through D's 16x16 region features
 * @param image real-fake InfoNCE on D's pooled feature (generator only)
 * @param imageEncoder real-fake InfoNCE on the frozen image encoder's logits (generator only)
 */
public record LossConfig(
    double temperature,
    double wordGamma1,
    double wordGamma2,
    double wordGamma3,
    LossTerm sentence,
    LossTerm word,
    LossTerm image,
    LossTerm imageEncoder) {

  public static LossConfig reference() {
    return new LossConfig(0.1, 5.0, 5.0, 50.0, LossTerm.ON, LossTerm.ON, LossTerm.ON, LossTerm.ON);
  }
}
