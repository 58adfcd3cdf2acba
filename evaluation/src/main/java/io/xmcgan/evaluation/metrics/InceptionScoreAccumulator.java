package io.xmcgan.evaluation.metrics;

/**
 * Accumulates the Inception Score from class probabilities or logits without keeping them.
 *
 * <p>Split assignment follows the standard implementation (OpenAI's {@code inception_score}, also
 * used by the XMC-GAN reference): the {@code n} samples, in the order they are added, are cut into
 * {@code splits} contiguous chunks of {@code n / splits} samples; sample {@code i} belongs to chunk
 * {@code i / (n / splits)}, and the last {@code n % splits} samples are in no chunk and ignored.
 * Because the chunk size depends on {@code n}, the total sample count is fixed up front.
 *
 * <p>Per chunk only Σ p(y|x) (one value per class) and Σ_x Σ_y p log p are kept, since E_x
 * KL(p(y|x) ‖ p(y)) = E_x[Σ_y p log p] − Σ_y p̄(y) log p̄(y) with p̄ the chunk's mean prediction.
 *
 * <p>Not thread-safe; the order of {@code add} calls defines the split assignment.
 */
public final class InceptionScoreAccumulator {

  /** The usual number of splits; the XMC-GAN reference uses 1. */
  public static final int DEFAULT_SPLITS = 10;

  private static final double PROBABILITY_SUM_TOLERANCE = 1e-3;

  private final int classes;
  private final long totalSamples;
  private final int splits;
  private final long chunkSize;
  private final double[][] probabilitySums;
  private final double[] entropyTerms;
  private long added;

  /**
   * @param classes number of classes per prediction (1000 or 1008 for Inception-v3)
   * @param totalSamples how many predictions will be added in total
   * @param splits number of contiguous chunks to average over, at least 1 and at most totalSamples
   */
  public InceptionScoreAccumulator(int classes, long totalSamples, int splits) {
    if (classes < 1) {
      throw new IllegalArgumentException("number of classes must be at least 1, got " + classes);
    }
    if (splits < 1) {
      throw new IllegalArgumentException(
          "Inception Score splits must be at least 1, got " + splits);
    }
    if (totalSamples < splits) {
      throw new IllegalArgumentException(
          "Inception Score over "
              + splits
              + " splits needs at least "
              + splits
              + " samples, got "
              + totalSamples);
    }
    this.classes = classes;
    this.totalSamples = totalSamples;
    this.splits = splits;
    this.chunkSize = totalSamples / splits;
    this.probabilitySums = new double[splits][classes];
    this.entropyTerms = new double[splits];
  }

  /** Adds predictions given as logits (softmax is applied), row-major {@code [n, classes]}. */
  public void addLogits(float[] logits) {
    int rows = rowsOf(logits);
    double[] logProbabilities = new double[classes];
    for (int row = 0; row < rows; row++) {
      int offset = row * classes;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        float value = logits[offset + k];
        if (!Float.isFinite(value)) {
          throw new IllegalArgumentException(
              "logit " + value + " of sample " + (added + 1) + ", class " + k + " is not finite");
        }
        max = Math.max(max, value);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        sum += Math.exp(logits[offset + k] - max);
      }
      double logNormaliser = max + Math.log(sum);
      for (int k = 0; k < classes; k++) {
        logProbabilities[k] = logits[offset + k] - logNormaliser;
      }
      accept(logProbabilities);
    }
  }

  /**
   * Adds predictions given as probabilities (each row sums to 1), row-major {@code [n, classes]}.
   */
  void addProbabilities(float[] probabilities) {
    int rows = rowsOf(probabilities);
    double[] logProbabilities = new double[classes];
    for (int row = 0; row < rows; row++) {
      int offset = row * classes;
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        float value = probabilities[offset + k];
        if (!(value >= 0 && value <= 1)) {
          throw new IllegalArgumentException(
              "probability "
                  + value
                  + " of sample "
                  + (added + 1)
                  + ", class "
                  + k
                  + " is outside [0, 1]; pass logits to addLogits instead");
        }
        sum += value;
        logProbabilities[k] = Math.log(value);
      }
      if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
        throw new IllegalArgumentException(
            "probabilities of sample "
                + (added + 1)
                + " sum to "
                + sum
                + ", not 1; pass logits to addLogits instead");
      }
      accept(logProbabilities);
    }
  }

  /** The score over all {@code totalSamples} predictions; fails if fewer were added. */
  public InceptionScore result() {
    if (added != totalSamples) {
      throw new IllegalStateException(
          "Inception Score expects " + totalSamples + " predictions, " + added + " were added");
    }
    double[] scores = new double[splits];
    for (int split = 0; split < splits; split++) {
      double crossTerm = 0;
      for (int k = 0; k < classes; k++) {
        double marginal = probabilitySums[split][k] / chunkSize;
        if (marginal > 0) {
          crossTerm += marginal * Math.log(marginal);
        }
      }
      scores[split] = Math.exp(entropyTerms[split] / chunkSize - crossTerm);
    }
    double mean = 0;
    for (double score : scores) {
      mean += score;
    }
    mean /= splits;
    double variance = 0;
    for (double score : scores) {
      variance += (score - mean) * (score - mean);
    }
    return new InceptionScore(mean, Math.sqrt(variance / splits), splits);
  }

  private int rowsOf(float[] predictions) {
    if (predictions.length % classes != 0) {
      throw new IllegalArgumentException(
          "prediction buffer of length "
              + predictions.length
              + " is not a whole number of rows of "
              + classes
              + " classes");
    }
    int rows = predictions.length / classes;
    if (added + rows > totalSamples) {
      throw new IllegalArgumentException(
          "adding "
              + rows
              + " predictions to the "
              + added
              + " already added exceeds the declared total of "
              + totalSamples);
    }
    return rows;
  }

  private void accept(double[] logProbabilities) {
    long index = added++;
    if (index >= chunkSize * splits) {
      return;
    }
    int split = (int) (index / chunkSize);
    double[] sums = probabilitySums[split];
    double entropyTerm = 0;
    for (int k = 0; k < classes; k++) {
      double probability = Math.exp(logProbabilities[k]);
      sums[k] += probability;
      if (probability > 0) {
        entropyTerm += probability * logProbabilities[k];
      }
    }
    entropyTerms[split] += entropyTerm;
  }
}
