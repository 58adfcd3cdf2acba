package io.xmcgan.evaluation.metrics;

/**
 * The Fréchet distance between two Gaussians, the FID when the Gaussians are the Inception feature
 * statistics of two image sets:
 *
 * <pre>‖μ₁ − μ₂‖² + Tr(Σ₁) + Tr(Σ₂) − 2·Tr(√(Σ₁Σ₂))</pre>
 *
 * <p>Everything is computed in double precision. Tr(√(Σ₁Σ₂)) is the sum of the square roots of the
 * eigenvalues of Σ₁Σ₂, which are those of the symmetric positive semi-definite matrix LᵀΣ₂L with Σ₁
 * = LLᵀ (see {@link ProductSquareRootTrace}); this avoids the general (Schur-based) matrix square
 * root of scipy's {@code sqrtm}, and rank-deficient covariances give a finite value because
 * eigenvalues that round to slightly negative numbers are treated as 0.
 *
 * <p>Like pytorch-fid, when that trace is not finite the computation is repeated with {@value
 * #SAFEGUARD_EPSILON}·I added to both covariances.
 */
public final class FrechetDistance {

  /** The diagonal offset of pytorch-fid's fallback ({@code eps=1e-6}). */
  public static final double SAFEGUARD_EPSILON = 1e-6;

  private FrechetDistance() {}

  /** The Fréchet distance between {@code first} and {@code second}; they must share a dimension. */
  public static double between(GaussianStatistics first, GaussianStatistics second) {
    return components(first, second).distance();
  }

  /** The distance and its terms, for logging and diagnosis. */
  public static Components components(GaussianStatistics first, GaussianStatistics second) {
    if (first.dimension() != second.dimension()) {
      throw new IllegalArgumentException(
          "cannot compare statistics of dimension "
              + first.dimension()
              + " with statistics of dimension "
              + second.dimension()
              + "; both must come from the same feature extractor layer");
    }
    requireFinite("first", first);
    requireFinite("second", second);
    int d = first.dimension();
    double meanTerm = 0;
    for (int k = 0; k < d; k++) {
      double delta = first.mean()[k] - second.mean()[k];
      meanTerm += delta * delta;
    }
    double traceFirst = trace(first.covariance(), d);
    double traceSecond = trace(second.covariance(), d);
    double crossTrace = ProductSquareRootTrace.compute(first.covariance(), second.covariance(), d);
    boolean safeguardApplied = false;
    if (!Double.isFinite(crossTrace)) {
      crossTrace =
          ProductSquareRootTrace.compute(
              withDiagonalOffset(first.covariance(), d),
              withDiagonalOffset(second.covariance(), d),
              d);
      safeguardApplied = true;
    }
    return new Components(meanTerm, traceFirst, traceSecond, crossTrace, safeguardApplied);
  }

  /**
   * The terms of the distance.
   *
   * @param squaredMeanDistance ‖μ₁ − μ₂‖²
   * @param traceFirst Tr(Σ₁)
   * @param traceSecond Tr(Σ₂)
   * @param traceSquareRootOfProduct Tr(√(Σ₁Σ₂))
   * @param safeguardApplied whether Tr(√(Σ₁Σ₂)) was computed with ε·I added to both covariances
   */
  public record Components(
      double squaredMeanDistance,
      double traceFirst,
      double traceSecond,
      double traceSquareRootOfProduct,
      boolean safeguardApplied) {

    public double distance() {
      return squaredMeanDistance + traceFirst + traceSecond - 2 * traceSquareRootOfProduct;
    }
  }

  private static void requireFinite(String which, GaussianStatistics statistics) {
    for (double value : statistics.mean()) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "the " + which + " statistics have a non-finite mean value " + value);
      }
    }
    for (double value : statistics.covariance()) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "the " + which + " statistics have a non-finite covariance value " + value);
      }
    }
  }

  private static double trace(double[] matrix, int d) {
    double sum = 0;
    for (int k = 0; k < d; k++) {
      sum += matrix[k * d + k];
    }
    return sum;
  }

  private static double[] withDiagonalOffset(double[] matrix, int d) {
    double[] shifted = matrix.clone();
    for (int k = 0; k < d; k++) {
      shifted[k * d + k] += SAFEGUARD_EPSILON;
    }
    return shifted;
  }
}
