package io.xmcgan.model;

/**
 * The optimisation constants of the reference (docs/reference-model.md, "Training step and
 * hyper-parameters").
 *
 * @param generatorLearningRate Adam learning rate of G (1e-4)
 * @param discriminatorLearningRate Adam learning rate of D (4e-4)
 * @param beta1 Adam beta1 (0.5)
 * @param beta2 Adam beta2 (0.999)
 * @param epsilon Adam epsilon (1e-8)
 * @param emaDecay decay of the EMA copy of G's parameters (0.999), updated after every G step
 */
public record OptimizerSettings(
    double generatorLearningRate,
    double discriminatorLearningRate,
    double beta1,
    double beta2,
    double epsilon,
    double emaDecay) {

  public static OptimizerSettings reference() {
    return new OptimizerSettings(1e-4, 4e-4, 0.5, 0.999, 1e-8, 0.999);
  }

  /** A fresh Adam for G's parameters. */
  public Adam newGeneratorAdam() {
    return new Adam(generatorLearningRate, beta1, beta2, epsilon);
  }

  /** A fresh Adam for D's parameters. */
  public Adam newDiscriminatorAdam() {
    return new Adam(discriminatorLearningRate, beta1, beta2, epsilon);
  }
}
