package io.xmcgan.experiment.resolve;

/**
 * The names of the loss terms and accuracies training reports: the keys of {@code progress.json}'s
 * losses, of the status's progress and of the TensorBoard scalars. The constant's {@link #key()} is
 * the wire value.
 */
public enum LossName {
  D_ADVERSARIAL("d_adversarial"),
  D_WORD_REAL("d_word_real"),
  D_WORD_REAL_ACCURACY("d_word_real_accuracy"),
  D_SENTENCE_REAL("d_sentence_real"),
  D_SENTENCE_REAL_ACCURACY("d_sentence_real_accuracy"),
  /** D's total. */
  D_LOSS("d_loss"),
  G_ADVERSARIAL("g_adversarial"),
  G_WORD_FAKE("g_word_fake"),
  G_WORD_FAKE_ACCURACY("g_word_fake_accuracy"),
  G_SENTENCE_FAKE("g_sentence_fake"),
  G_SENTENCE_FAKE_ACCURACY("g_sentence_fake_accuracy"),
  G_IMAGE("g_image"),
  G_IMAGE_ACCURACY("g_image_accuracy"),
  G_IMAGE_ENCODER("g_image_encoder"),
  G_IMAGE_ENCODER_ACCURACY("g_image_encoder_accuracy"),
  /** G's total. */
  G_LOSS("g_loss");

  private final String key;

  LossName(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** D's total of the k-th D-only sub-step of a step (k from 1). */
  public static String dLossSubstep(int k) {
    return D_LOSS.key + "_substep_" + k;
  }
}
