package io.xmcgan.operator.observe;

import io.xmcgan.checkpoint.CheckpointManifest;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.dataset.DataReadiness;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.files.EvaluationMetrics;
import io.xmcgan.storage.files.ProgressReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the storage contract (docs/storage-layout.md) from an experiment's root: the data's
 * readiness (core's {@link DataReadiness}, the check the trainer and the local runner make too),
 * progress.json, the complete checkpoints (those with a MANIFEST.json) and the metrics.
 */
final class ExperimentStorageReader {

  private ExperimentStorageReader() {}

  static StorageSnapshot read(ObjectStore store, ResolvedExperiment experiment) throws IOException {
    DataReadiness.Readiness data = DataReadiness.check(store, experiment.data());
    Optional<ProgressReport> progress = ProgressReport.read(store);
    List<Long> checkpoints =
        new CheckpointStore(store).listComplete().stream().map(CheckpointManifest::step).toList();
    Optional<StorageSnapshot.CheckpointRef> latest =
        checkpoints.stream()
            .max(Long::compare)
            .map(
                step ->
                    new StorageSnapshot.CheckpointRef(
                        step,
                        experiment.storage().experimentUri() + StorageLayout.checkpointDir(step)));
    List<StorageSnapshot.Metric> metrics = new ArrayList<>();
    for (EvaluationMetrics scores : EvaluationMetrics.list(store)) {
      metrics.add(
          new StorageSnapshot.Metric(
              scores.step(),
              scores.fid(),
              scores.inceptionScore(),
              scores.captionFollowing() == null
                  ? null
                  : scores.captionFollowing().generated().accuracy()));
    }
    return new StorageSnapshot(
        Optional.of(data), progress, latest, checkpoints.size(), metrics, Optional.empty());
  }
}
