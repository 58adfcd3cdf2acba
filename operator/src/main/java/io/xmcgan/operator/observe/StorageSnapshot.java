package io.xmcgan.operator.observe;

import io.xmcgan.dataset.DataReadiness;
import io.xmcgan.storage.files.ProgressReport;
import java.util.List;
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
    Optional<ProgressReport> progress,
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

  public record CheckpointRef(long step, String uri) {}

  /**
   * The EMA generator's scores of one checkpoint: the top-level scores of {@code
   * metrics/step-NNNNNNNN.json} ({@link io.xmcgan.storage.files.EvaluationMetrics}).
   *
   * @param captionFollowing the share of probe images with the caption's colour and shape, on the
   *     builtin shapes dataset only
   */
  public record Metric(long step, double fid, Double inceptionScore, Double captionFollowing) {}
}
