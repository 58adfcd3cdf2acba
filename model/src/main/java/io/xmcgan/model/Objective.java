package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import io.xmcgan.experiment.resolve.LossConfig;
import io.xmcgan.experiment.resolve.LossName;
import io.xmcgan.experiment.resolve.LossTerm;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The D and G totals (docs/reference-model.md, "Which network minimises which terms") from the
 * discriminator's outputs. D: hinge + word(real) + sentence(real). G: hinge + word(fake) +
 * sentence(fake) + image(fake, real on D's feature) + image(real, fake on the frozen encoder).
 * Every contrastive term is switched and weighted by {@link LossConfig}; a switched-off term is not
 * computed.
 */
public final class Objective {

  private final LossConfig losses;
  private final int groupSize;
  private final int tokens;

  public Objective(LossConfig losses, int groupSize, int tokens) {
    this.losses = losses;
    this.groupSize = groupSize;
    this.tokens = tokens;
  }

  /** A total and its named terms and accuracies (all scalars). */
  public record Result(NDArray total, Map<String, NDArray> terms) {}

  /** D's loss from its outputs on [real; fake] for the batch's captions. */
  public Result discriminator(DiscriminatorOutputs outputs, Batch batch) {
    long b = batch.size();
    NDArray logits = outputs.logits();
    Map<String, NDArray> terms = new LinkedHashMap<>();
    NDArray adversarial = Losses.hingeDiscriminator(firstHalf(logits, b), secondHalf(logits, b));
    terms.put(LossName.D_ADVERSARIAL.key(), adversarial);
    NDArray total = adversarial;
    if (losses.word().enabled()) {
      Losses.Contrastive word = word(firstHalf(outputs.regions(), b), batch);
      total = add(total, word.loss(), losses.word());
      terms.put(LossName.D_WORD_REAL.key(), word.loss());
      terms.put(LossName.D_WORD_REAL_ACCURACY.key(), word.accuracy());
    }
    if (losses.sentence().enabled()) {
      Losses.Contrastive sentence = contrastive(firstHalf(outputs.pooled(), b), outputs.sentence());
      total = add(total, sentence.loss(), losses.sentence());
      terms.put(LossName.D_SENTENCE_REAL.key(), sentence.loss());
      terms.put(LossName.D_SENTENCE_REAL_ACCURACY.key(), sentence.accuracy());
    }
    terms.put(LossName.D_LOSS.key(), total);
    return new Result(total, terms);
  }

  /**
   * G's loss from D's outputs on the fake images alone, D's pooled feature of the real images
   * (detached) and, when the encoder term is on, the frozen encoder's features of real and fake.
   */
  public Result generator(
      DiscriminatorOutputs fakeOutputs,
      NDArray realPooled,
      Batch batch,
      NDArray encodedReal,
      NDArray encodedFake) {
    Map<String, NDArray> terms = new LinkedHashMap<>();
    NDArray adversarial = Losses.hingeGenerator(fakeOutputs.logits());
    terms.put(LossName.G_ADVERSARIAL.key(), adversarial);
    NDArray total = adversarial;
    if (losses.word().enabled()) {
      Losses.Contrastive word = word(fakeOutputs.regions(), batch);
      total = add(total, word.loss(), losses.word());
      terms.put(LossName.G_WORD_FAKE.key(), word.loss());
      terms.put(LossName.G_WORD_FAKE_ACCURACY.key(), word.accuracy());
    }
    if (losses.sentence().enabled()) {
      Losses.Contrastive sentence = contrastive(fakeOutputs.pooled(), fakeOutputs.sentence());
      total = add(total, sentence.loss(), losses.sentence());
      terms.put(LossName.G_SENTENCE_FAKE.key(), sentence.loss());
      terms.put(LossName.G_SENTENCE_FAKE_ACCURACY.key(), sentence.accuracy());
    }
    if (losses.image().enabled()) {
      Losses.Contrastive image = contrastive(fakeOutputs.pooled(), realPooled);
      total = add(total, image.loss(), losses.image());
      terms.put(LossName.G_IMAGE.key(), image.loss());
      terms.put(LossName.G_IMAGE_ACCURACY.key(), image.accuracy());
    }
    if (losses.imageEncoder().enabled()) {
      Losses.Contrastive encoder = contrastive(encodedReal, encodedFake);
      total = add(total, encoder.loss(), losses.imageEncoder());
      terms.put(LossName.G_IMAGE_ENCODER.key(), encoder.loss());
      terms.put(LossName.G_IMAGE_ENCODER_ACCURACY.key(), encoder.accuracy());
    }
    terms.put(LossName.G_LOSS.key(), total);
    return new Result(total, terms);
  }

  public boolean usesImageEncoder() {
    return losses.imageEncoder().enabled();
  }

  private Losses.Contrastive word(NDArray regions, Batch batch) {
    NDArray mask = WordRegionAttention.paddingMask(batch.maxLen(), tokens);
    return Losses.wordRegion(
        regions,
        batch.words(),
        mask,
        losses.wordGamma1(),
        losses.wordGamma2(),
        losses.wordGamma3(),
        groupSize);
  }

  private Losses.Contrastive contrastive(NDArray a, NDArray b) {
    return Losses.contrastive(a, b, losses.temperature(), groupSize);
  }

  private static NDArray add(NDArray total, NDArray term, LossTerm weight) {
    return weight.weight() == 1.0 ? total.add(term) : total.add(Ops.scale(term, weight.weight()));
  }

  static NDArray firstHalf(NDArray x, long b) {
    return x.get("0:" + b);
  }

  static NDArray secondHalf(NDArray x, long b) {
    return x.get(b + ":" + (2 * b));
  }
}
