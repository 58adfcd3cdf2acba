package io.xmcgan.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class InceptionScoreAccumulatorTest {

  private static float[] oneHot(int classes, int... labels) {
    float[] probabilities = new float[labels.length * classes];
    for (int row = 0; row < labels.length; row++) {
      probabilities[row * classes + labels[row]] = 1f;
    }
    return probabilities;
  }

  @Test
  void uniformPredictionsScoreOne() {
    InceptionScoreAccumulator accumulator = new InceptionScoreAccumulator(1000, 20, 10);
    accumulator.addLogits(new float[20 * 1000]);

    InceptionScore score = accumulator.result();

    assertThat(score.mean()).isCloseTo(1.0, within(1e-12));
    assertThat(score.standardDeviation()).isCloseTo(0.0, within(1e-12));
    assertThat(score.splits()).isEqualTo(10);
  }

  @Test
  void confidentDistinctClassesScoreTheirCount() {
    InceptionScoreAccumulator accumulator = new InceptionScoreAccumulator(12, 7, 1);
    accumulator.addProbabilities(oneHot(12, 3, 0, 11, 5, 6, 9, 1));

    assertThat(accumulator.result().mean()).isCloseTo(7.0, within(1e-12));
  }

  @Test
  void twoClassLogitsGiveTheClosedForm() {
    float logit = 2.5f;
    InceptionScoreAccumulator accumulator = new InceptionScoreAccumulator(2, 10, 1);
    for (int row = 0; row < 10; row++) {
      accumulator.addLogits(row % 2 == 0 ? new float[] {logit, 0} : new float[] {0, logit});
    }
    double p = 1 / (1 + Math.exp(-logit));
    // p(y) is uniform, so KL = p·log p + (1 − p)·log(1 − p) + log 2 for every sample.
    double expected = Math.exp(p * Math.log(p) + (1 - p) * Math.log(1 - p) + Math.log(2));

    assertThat(accumulator.result().mean()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void splitsAreContiguousChunksAndTheRemainderIsIgnored() {
    // 21 samples over 2 splits: chunks of 10; the first is all class 0 (score 1), the second has 10
    // distinct classes (score 10); the 21st sample is outside every chunk.
    InceptionScoreAccumulator accumulator = new InceptionScoreAccumulator(10, 21, 2);
    accumulator.addProbabilities(oneHot(10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    accumulator.addProbabilities(oneHot(10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0));

    InceptionScore score = accumulator.result();

    assertThat(score.mean()).isCloseTo(5.5, within(1e-12));
    assertThat(score.standardDeviation()).isCloseTo(4.5, within(1e-12));
  }

  @Test
  void theDeclaredSampleCountIsEnforced() {
    InceptionScoreAccumulator accumulator = new InceptionScoreAccumulator(3, 2, 1);
    accumulator.addLogits(new float[] {1, 2, 3});

    assertThatThrownBy(accumulator::result)
        .hasMessageContaining("expects 2 predictions, 1 were added");
    assertThatThrownBy(() -> accumulator.addLogits(new float[6]))
        .hasMessageContaining("exceeds the declared total of 2");
  }

  @Test
  void probabilitiesThatDoNotSumToOneAreRejected() {
    InceptionScoreAccumulator accumulator = new InceptionScoreAccumulator(2, 1, 1);

    assertThatThrownBy(() -> accumulator.addProbabilities(new float[] {0.2f, 0.2f}))
        .hasMessageContaining("sum to 0.4")
        .hasMessageContaining("pass logits to addLogits");
  }
}
