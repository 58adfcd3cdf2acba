package io.xmcgan.experiment.spec;

/**
 * Differentiable augmentation of every image the discriminator sees, real and generated, in both
 * sub-steps (docs/training.md, "Discriminator augmentation"). A departure from the reference, for
 * small datasets where D memorises its training images. Constants are wire values.
 */
public enum Augmentation {
  /** D sees the images as they are: the reference. */
  none,
  /**
   * Each image shifted by up to an eighth of its side in each direction, a fresh shift per image
   * and per pass, the border's pixels repeated into the gap: moves objects, keeps every colour.
   */
  translation
}
