package io.xmcgan.operator.observe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.xmcgan.checkpoint.CheckpointManifest;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.dataset.DataReadiness;
import io.xmcgan.experiment.ResolvedExperiment;
import io.xmcgan.storage.ObjectInfo;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the storage contract of architecture.md section 3 from an experiment's root: the data's
 * readiness (core's {@link DataReadiness}, the check the trainer and the local runner make too),
 * progress.json, the complete checkpoints (those with a MANIFEST.json) and the metrics.
 */
final class ExperimentStorageReader {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private static final Pattern METRICS_FILE = Pattern.compile("^metrics/step-(\\d+)\\.json$");

  /**
   * The part of the evaluator's {@code io.xmcgan.eval.EvaluationMetrics} the status shows: the
   * top-level scores, which are the EMA generator's.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  private record MetricsFile(double fid, Double inceptionScore) {}

  private ExperimentStorageReader() {}

  static StorageSnapshot read(ObjectStore store, ResolvedExperiment experiment) throws IOException {
    DataReadiness.Readiness data = DataReadiness.check(store, experiment.data());
    Optional<StorageSnapshot.Progress> progress =
        store.exists(StorageLayout.PROGRESS)
            ? Optional.of(
                JSON.readValue(
                    store.readBytes(StorageLayout.PROGRESS), StorageSnapshot.Progress.class))
            : Optional.empty();
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
    for (ObjectInfo info : store.list(StorageLayout.METRICS_DIR)) {
      Matcher matcher = METRICS_FILE.matcher(info.key());
      if (matcher.matches()) {
        MetricsFile scores = JSON.readValue(store.readBytes(info.key()), MetricsFile.class);
        metrics.add(
            new StorageSnapshot.Metric(
                Long.parseLong(matcher.group(1)), scores.fid(), scores.inceptionScore()));
      }
    }
    return new StorageSnapshot(
        Optional.of(data), progress, latest, checkpoints.size(), metrics, Optional.empty());
  }
}
