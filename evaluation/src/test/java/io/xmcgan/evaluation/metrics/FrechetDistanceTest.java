package io.xmcgan.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrechetDistanceTest {

  private static GaussianStatistics gaussian(double[] mean, double[] covariance) {
    return new GaussianStatistics(mean, covariance, OptionalLong.empty());
  }

  private static double[] diagonal(double... values) {
    int d = values.length;
    double[] matrix = new double[d * d];
    for (int k = 0; k < d; k++) {
      matrix[k * d + k] = values[k];
    }
    return matrix;
  }

  /** A random symmetric positive definite d x d matrix A·Aᵀ + 0.1·I. */
  private static double[] randomCovariance(int d, long seed) {
    Random random = new Random(seed);
    double[] a = new double[d * d];
    for (int k = 0; k < a.length; k++) {
      a[k] = random.nextGaussian();
    }
    double[] covariance = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double sum = i == j ? 0.1 : 0;
        for (int k = 0; k < d; k++) {
          sum += a[i * d + k] * a[j * d + k];
        }
        covariance[i * d + j] = sum;
      }
    }
    return covariance;
  }

  @Test
  void diagonalGaussiansGiveTheClosedForm() {
    double[] firstVariances = {1.0, 4.0, 0.25, 9.0};
    double[] secondVariances = {2.0, 1.0, 0.25, 16.0};
    double[] firstMean = {0, 1, 2, 3};
    double[] secondMean = {1, 1, 0, -1};
    double expected = 0;
    for (int k = 0; k < 4; k++) {
      double rootDifference = Math.sqrt(firstVariances[k]) - Math.sqrt(secondVariances[k]);
      double meanDifference = firstMean[k] - secondMean[k];
      expected += rootDifference * rootDifference + meanDifference * meanDifference;
    }

    double distance =
        FrechetDistance.between(
            gaussian(firstMean, diagonal(firstVariances)),
            gaussian(secondMean, diagonal(secondVariances)));

    assertThat(distance).isCloseTo(expected, within(1e-12 * expected));
  }

  @Test
  void scaledCorrelatedCovarianceGivesTheClosedForm() {
    int d = 40;
    double[] covariance = randomCovariance(d, 3);
    double[] scaled = covariance.clone();
    for (int k = 0; k < scaled.length; k++) {
      scaled[k] *= 2.25;
    }
    double trace = 0;
    for (int k = 0; k < d; k++) {
      trace += covariance[k * d + k];
    }
    double[] shifted = new double[d];
    shifted[7] = 3;
    // √(Σ·2.25Σ) = 1.5Σ, so the distance is ‖Δμ‖² + (1 − 1.5)²·Tr(Σ).
    double expected = 9 + 0.25 * trace;

    double distance =
        FrechetDistance.between(gaussian(new double[d], covariance), gaussian(shifted, scaled));

    assertThat(distance).isCloseTo(expected, within(1e-9 * expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"full_rank", "rank_deficient"})
  void matchesTheScipyReferenceOnFixtureFeatures(String fixtureCase) {
    GaussianStatistics first = EvalFixtures.statisticsOf("fid_" + fixtureCase + "_a.npy");
    GaussianStatistics second = EvalFixtures.statisticsOf("fid_" + fixtureCase + "_b.npy");
    double expected = EvalFixtures.expectedFid(fixtureCase);

    assertThat(FrechetDistance.between(first, second)).isCloseTo(expected, within(1e-6 * expected));
    assertThat(FrechetDistance.between(second, first)).isCloseTo(expected, within(1e-6 * expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"full_rank", "rank_deficient"})
  void aSetComparedWithItselfIsAtDistanceZero(String fixtureCase) {
    GaussianStatistics statistics = EvalFixtures.statisticsOf("fid_" + fixtureCase + "_a.npy");
    FrechetDistance.Components components = FrechetDistance.components(statistics, statistics);

    assertThat(components.distance()).isNotNaN();
    assertThat(Math.abs(components.distance())).isLessThan(1e-6 * components.traceFirst());
    assertThat(components.safeguardApplied()).isFalse();
  }

  @Test
  void rankDeficientCovariancesGiveAFiniteDistance() {
    int d = 30;
    double[] zeroCovariance = new double[d * d];
    double[] rankOne = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        rankOne[i * d + j] = (i + 1) * (j + 1) / 100.0;
      }
    }
    double rankOneTrace = 0;
    for (int k = 0; k < d; k++) {
      rankOneTrace += rankOne[k * d + k];
    }

    double distance =
        FrechetDistance.between(
            gaussian(new double[d], zeroCovariance), gaussian(new double[d], rankOne));
    double selfDistance =
        FrechetDistance.between(gaussian(new double[d], rankOne), gaussian(new double[d], rankOne));

    assertThat(distance).isCloseTo(rankOneTrace, within(1e-9 * rankOneTrace));
    assertThat(Math.abs(selfDistance)).isLessThan(1e-6 * rankOneTrace);
  }

  @Test
  void statisticsOfDifferentDimensionsAreRejected() {
    GaussianStatistics small = gaussian(new double[2], diagonal(1, 1));
    GaussianStatistics large = gaussian(new double[3], diagonal(1, 1, 1));

    assertThatThrownBy(() -> FrechetDistance.between(small, large))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension 2 with statistics of dimension 3");
  }
}
