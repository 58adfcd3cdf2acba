package io.xmcgan.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianAccumulatorTest {

  private static float[][] randomRows(int rows, int dimension, double offset, long seed) {
    Random random = new Random(seed);
    float[][] data = new float[rows][dimension];
    for (float[] row : data) {
      double shared = random.nextGaussian();
      for (int k = 0; k < dimension; k++) {
        row[k] = (float) (offset + (k + 1) * random.nextGaussian() + shared);
      }
    }
    return data;
  }

  /** Two-pass mean and (n-1) covariance in double: the definition numpy.cov implements. */
  private static double[][] twoPass(float[][] rows) {
    int n = rows.length;
    int d = rows[0].length;
    double[] mean = new double[d];
    for (float[] row : rows) {
      for (int k = 0; k < d; k++) {
        mean[k] += row[k];
      }
    }
    for (int k = 0; k < d; k++) {
      mean[k] /= n;
    }
    double[] covariance = new double[d * d];
    for (float[] row : rows) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          covariance[i * d + j] += (row[i] - mean[i]) * (row[j] - mean[j]) / (n - 1);
        }
      }
    }
    return new double[][] {mean, covariance};
  }

  @Test
  void matchesTwoPassStatisticsEvenWithALargeCommonOffset() {
    float[][] rows = randomRows(301, 7, 1e4, 1);
    GaussianAccumulator accumulator = new GaussianAccumulator(7);
    accumulator.add(rows);

    GaussianStatistics statistics = accumulator.toStatistics();
    double[][] expected = twoPass(rows);

    assertThat(statistics.sampleCount()).hasValue(301);
    for (int k = 0; k < 7; k++) {
      assertThat(statistics.mean()[k]).isCloseTo(expected[0][k], within(1e-9 * 1e4));
    }
    for (int k = 0; k < 49; k++) {
      assertThat(statistics.covariance()[k]).isCloseTo(expected[1][k], within(1e-10 * 49));
    }
  }

  @Test
  void mergingPartialAccumulatorsEqualsAccumulatingEverything() {
    float[][] rows = randomRows(250, 5, 3.0, 2);
    GaussianAccumulator whole = new GaussianAccumulator(5);
    whole.add(rows);
    GaussianAccumulator first = new GaussianAccumulator(5);
    GaussianAccumulator second = new GaussianAccumulator(5);
    float[] flatTail = new float[(250 - 97) * 5];
    for (int row = 0; row < 250; row++) {
      if (row < 97) {
        first.add(new float[][] {rows[row]});
      } else {
        System.arraycopy(rows[row], 0, flatTail, (row - 97) * 5, 5);
      }
    }
    second.add(flatTail);

    first.merge(second);
    GaussianStatistics merged = first.toStatistics();
    GaussianStatistics expected = whole.toStatistics();

    assertThat(merged.sampleCount()).hasValue(250);
    assertThat(second.count()).isEqualTo(153);
    for (int k = 0; k < 5; k++) {
      assertThat(merged.mean()[k]).isCloseTo(expected.mean()[k], within(1e-12));
    }
    for (int k = 0; k < 25; k++) {
      assertThat(merged.covariance()[k]).isCloseTo(expected.covariance()[k], within(1e-10));
    }
  }

  @Test
  void aCovarianceNeedsTwoVectors() {
    GaussianAccumulator accumulator = new GaussianAccumulator(3);
    accumulator.add(new float[] {1, 2, 3});

    assertThatThrownBy(accumulator::toStatistics)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least 2 feature vectors, got 1");
  }

  @Test
  void rejectsRowsOfTheWrongLengthAndNonFiniteValues() {
    GaussianAccumulator accumulator = new GaussianAccumulator(3);

    assertThatThrownBy(() -> accumulator.add(new float[][] {{1, 2, 3}, {1, 2}}))
        .hasMessageContaining("row 1 has length 2, expected the accumulator's dimension 3");
    assertThatThrownBy(() -> accumulator.add(new float[] {1, 2, 3, 4}))
        .hasMessageContaining("length 4 is not a whole number of rows of dimension 3");
    assertThatThrownBy(() -> accumulator.add(new float[] {1, Float.NaN, 3}))
        .hasMessageContaining("NaN at row 0, column 1 is not finite");
  }
}
