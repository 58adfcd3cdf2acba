package io.xmcgan.operator.observe;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the stages have written to the experiment's storage, as read in one reconcile. A failed read
 * yields {@link #unavailable} with the error: the experiment keeps its last known status and
 * reports the problem in a condition instead of failing the reconcile.
 *
 * @param data the dataset's readiness (empty when it could not be determined)
 * @param progress the trainer's progress.json (empty before the first write)
 * @param checkpoint the newest complete checkpoint (manifest present)
 * @param checkpointCount how many complete checkpoints exist
 * @param metrics the evaluator's results, oldest step first
 * @param error why storage could not be read, or empty
 */
public record StorageSnapshot(
    Optional<DataReadiness> data,
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
    return data.map(DataReadiness::complete).orElse(false);
  }

  /**
   * @param shardsReady shards with a manifest entry
   * @param shardsExpected shards the spec asks for
   */
  public record DataReadiness(
      boolean complete, int shardsReady, int shardsExpected, String detail) {}

  public record Progress(
      long step,
      long totalSteps,
      double imagesPerSecond,
      double stepsPerSecond,
      Map<String, Double> losses,
      Instant updatedAt) {}

  public record CheckpointRef(long step, String uri) {}

  public record Metric(long step, double fid, Double inceptionScore) {}
}
