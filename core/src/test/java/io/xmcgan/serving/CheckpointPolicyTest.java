package io.xmcgan.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckpointPolicyTest {

  private static final Map<Long, Double> FIDS = Map.of(100L, 80.0, 200L, 41.5, 300L, 41.5);

  @ParameterizedTest(name = "{0} with latest {1} serves {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "best-fid, 400, 300",
        "latest, 400, 400",
        "latest, none, none",
        "200, 400, 200",
        "200, 200, 200",
        "500, 400, none",
        "500, none, none",
      })
  void choosesTheStepToServe(String text, Long latest, Long expected) {
    OptionalLong chosen =
        CheckpointPolicy.parse(text)
            .choose(latest == null ? OptionalLong.empty() : OptionalLong.of(latest), FIDS);
    assertThat(chosen)
        .isEqualTo(expected == null ? OptionalLong.empty() : OptionalLong.of(expected));
  }

  @ParameterizedTest
  @CsvSource({"best-fid", "latest", "0", "2000"})
  void printsWhatItParses(String text) {
    assertThat(CheckpointPolicy.parse(text).text()).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"best", "-5", "1e3", "123456789", "LATEST", "' latest'"})
  void refusesOtherTextNamingTheAcceptedValues(String text) {
    assertThatThrownBy(() -> CheckpointPolicy.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text)
        .hasMessageContaining(CheckpointPolicy.GRAMMAR);
  }

  @org.junit.jupiter.api.Test
  void bestFidWaitsForAnEvaluationAndIgnoresNonFiniteScores() {
    assertThat(CheckpointPolicy.DEFAULT.choose(OptionalLong.of(10), Map.of())).isEmpty();
    assertThat(CheckpointPolicy.DEFAULT.choose(OptionalLong.of(10), Map.of(10L, Double.NaN)))
        .isEmpty();
    assertThat(CheckpointPolicy.parse(null)).isEqualTo(CheckpointPolicy.DEFAULT);
  }
}
