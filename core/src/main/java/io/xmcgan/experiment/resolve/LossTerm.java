package io.xmcgan.experiment.resolve;

/** One switchable, weighted term of the generator or discriminator objective. */
public record LossTerm(boolean enabled, double weight) {

  public static final LossTerm ON = new LossTerm(true, 1.0);
  public static final LossTerm OFF = new LossTerm(false, 0.0);

  /** The weight the term contributes with: zero when it is switched off. */
  public double effectiveWeight() {
    return enabled ? weight : 0.0;
  }
}
