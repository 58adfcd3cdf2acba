package io.xmcgan.evaluation.metrics;

import java.util.OptionalLong;

/**
 * Mean and unbiased covariance (divisor n - 1, like {@code numpy.cov}) of a set of feature vectors:
 * the statistics the Fréchet distance compares, and the content of a pytorch-fid {@code .npz} file.
 *
 * @param mean the mean vector, length {@code d}
 * @param covariance the covariance matrix in row-major order, length {@code d * d}
 * @param sampleCount how many feature vectors the statistics summarise; empty when they were read
 *     from a file that does not record it (pytorch-fid files only hold {@code mu} and {@code
 *     sigma})
 */
public record GaussianStatistics(double[] mean, double[] covariance, OptionalLong sampleCount) {

  public GaussianStatistics {
    if (mean.length == 0) {
      throw new IllegalArgumentException("mean must have at least one element, got none");
    }
    if (covariance.length != (long) mean.length * mean.length) {
      throw new IllegalArgumentException(
          "covariance must hold d*d = "
              + (long) mean.length * mean.length
              + " values for a mean of dimension d = "
              + mean.length
              + ", got "
              + covariance.length);
    }
  }

  /** The feature dimension {@code d}. */
  public int dimension() {
    return mean.length;
  }

  /** Entry {@code (row, column)} of the covariance matrix. */
  public double covariance(int row, int column) {
    return covariance[row * mean.length + column];
  }
}
