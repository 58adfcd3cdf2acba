package io.xmcgan.operator.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.serving.CheckpointPolicy;
import io.xmcgan.serving.ResolvedServing;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServingDecisionTest {

  @ParameterizedTest(name = "{0}, afterTraining {1}, succeeded {2}, latest {3}, fids {4} -> {5}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      value = {
        "best-fid | false | false | none | none             | none | first evaluated checkpoint",
        "best-fid | false | false | 1000 | none             | none | first evaluated checkpoint",
        "best-fid | false | false | 1500 | 500:90 1000:40   | 1000 | none",
        "best-fid | false | false | 1500 | 500:40 1000:40   | 1000 | none",
        "best-fid | true  | false | 1500 | 500:90 1000:40   | none | once training has succeeded",
        "best-fid | true  | true  | 1500 | 500:90 1000:40   | 1000 | none",
        "latest   | false | false | none | none             | none | first checkpoint",
        "latest   | false | false | 1500 | 500:90           | 1500 | none",
        "1000     | false | false | 500  | none             | none | step 1000 (the newest is 500)",
        "1000     | false | false | none | none             | none | step 1000",
        "1000     | false | false | 1500 | none             | 1000 | none",
      })
  void choosesTheStepOrSaysWhatItWaitsFor(
      String policy,
      boolean afterTraining,
      boolean succeeded,
      Long latest,
      String fids,
      Long expected,
      String waiting) {
    ResolvedServing serving =
        new ResolvedServing(1, CheckpointPolicy.parse(policy), afterTraining, null, null);
    List<StorageSnapshot.Metric> metrics = new ArrayList<>();
    if (fids != null) {
      for (String pair : fids.trim().split("\\s+")) {
        String[] parts = pair.split(":");
        metrics.add(
            new StorageSnapshot.Metric(
                Long.parseLong(parts[0]), Double.parseDouble(parts[1]), 1.0, null));
      }
    }
    StorageSnapshot storage =
        new StorageSnapshot(
            Optional.empty(),
            Optional.empty(),
            Optional.ofNullable(latest).map(s -> new StorageSnapshot.CheckpointRef(s, "s3://b/")),
            latest == null ? 0 : 1,
            metrics,
            Optional.empty());

    ServingDecision decision = ServingDecision.decide(serving, succeeded, storage);

    assertThat(decision.step())
        .isEqualTo(expected == null ? OptionalLong.empty() : OptionalLong.of(expected));
    if (waiting == null) {
      assertThat(decision.waiting()).isNull();
    } else {
      assertThat(decision.waiting()).contains(waiting);
    }
  }

  @org.junit.jupiter.api.Test
  void unreadableStorageChangesNothing() {
    ResolvedServing serving = new ResolvedServing(1, CheckpointPolicy.DEFAULT, false, null, null);
    ServingDecision decision =
        ServingDecision.decide(serving, true, StorageSnapshot.unavailable("S3 answered 503"));
    assertThat(decision.step()).isEmpty();
    assertThat(decision.waiting()).contains("S3 answered 503");
  }
}
