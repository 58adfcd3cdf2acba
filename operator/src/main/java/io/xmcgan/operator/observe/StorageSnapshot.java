package io.xmcgan.operator.observe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.xmcgan.dataset.DataReadiness;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the stages have written to the experiment's storage, as read in one reconcile. A failed read
 * yields {@link #unavailable} with the error: the experiment keeps its last known status and
 * reports the problem in a condition instead of failing the reconcile.
 *
 * @param data both splits' readiness, core's shared check (empty when it could not be determined)
 * @param progress the trainer's progress.json (empty before the first write)
 * @param checkpoint the newest complete checkpoint (manifest present)
 * @param checkpointCount how many complete checkpoints exist
 * @param metrics the evaluator's results, oldest step first
 * @param error why storage could not be read, or empty
 */
public record StorageSnapshot(
    Optional<DataReadiness.Readiness> data,
    Optional<Progress> progress,
    Optional<CheckpointRef> checkpoint,
    int checkpointCount,
    List<Metric> metrics,
    Optional<String> error) {

  public StorageSnapshot {
    metrics = List.copyOf(metrics);
  }

  public static StorageSnapshot unavailable(String error) {
    return new StorageSnapshot(
        Optional.empty(), Optional.empty(), Optional.empty(), 0, List.of(), Optional.of(error));
  }

  public boolean dataComplete() {
    return data.map(DataReadiness.Readiness::complete).orElse(false);
  }

  /**
   * {@code progress.json} as the trainer writes it ({@code io.xmcgan.train.ProgressReport}); fields
   * the operator does not show are ignored, missing ones read as 0 / null.
   *
   * @param etaSeconds the trainer's own estimate, null before it knows a rate
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Progress(
      long step,
      long totalSteps,
      Map<String, Double> losses,
      double imagesPerSecond,
      double stepsPerSecond,
      Long etaSeconds,
      Instant updatedAt) {

    public Progress {
      losses = losses == null ? Map.of() : Map.copyOf(losses);
    }
  }

  public record CheckpointRef(long step, String uri) {}

  /** The EMA generator's scores of one checkpoint ({@code metrics/step-NNNNNNNN.json}). */
  public record Metric(long step, double fid, Double inceptionScore) {}
}
