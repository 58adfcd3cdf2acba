package io.xmcgan.operator.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.checkpoint.CheckpointManifest;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.experiment.ResolvedExperiment;
import io.xmcgan.storage.ObjectInfo;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the storage contract of architecture.md section 3 from an experiment's root: the data
 * manifests, progress.json, the complete checkpoints (those with a MANIFEST.json) and the metrics.
 */
final class ExperimentStorageReader {

  static final String TRAIN_MANIFEST = StorageLayout.dataManifest("train");
  private static final Pattern METRIC = Pattern.compile("^metrics/step-(\\d+)\\.json$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExperimentStorageReader() {}

  static StorageSnapshot read(ObjectStore store, ResolvedExperiment experiment) throws IOException {
    StorageSnapshot.DataReadiness data = data(store, experiment.data().shards());
    Optional<StorageSnapshot.Progress> progress = progress(store);
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
      Matcher matcher = METRIC.matcher(info.key());
      if (matcher.matches()) {
        JsonNode node = JSON.readTree(store.readBytes(info.key()));
        if (node.hasNonNull("fid")) {
          metrics.add(
              new StorageSnapshot.Metric(
                  Long.parseLong(matcher.group(1)),
                  node.get("fid").asDouble(),
                  node.hasNonNull("inceptionScore")
                      ? node.get("inceptionScore").asDouble()
                      : null));
        }
      }
    }
    return new StorageSnapshot(
        Optional.of(data), progress, latest, checkpoints.size(), metrics, Optional.empty());
  }

  private static StorageSnapshot.DataReadiness data(ObjectStore store, int expectedShards)
      throws IOException {
    if (!store.exists(TRAIN_MANIFEST)) {
      return new StorageSnapshot.DataReadiness(
          false, 0, expectedShards, TRAIN_MANIFEST + " does not exist yet");
    }
    JsonNode manifest = JSON.readTree(store.readBytes(TRAIN_MANIFEST));
    int ready = manifest.path("shards").size();
    boolean complete = ready >= expectedShards;
    return new StorageSnapshot.DataReadiness(
        complete,
        ready,
        expectedShards,
        TRAIN_MANIFEST + " lists " + ready + " of " + expectedShards + " shards");
  }

  private static Optional<StorageSnapshot.Progress> progress(ObjectStore store) throws IOException {
    if (!store.exists(StorageLayout.PROGRESS)) {
      return Optional.empty();
    }
    JsonNode node = JSON.readTree(store.readBytes(StorageLayout.PROGRESS));
    Map<String, Double> losses = new LinkedHashMap<>();
    node.path("losses")
        .fields()
        .forEachRemaining(e -> losses.put(e.getKey(), e.getValue().asDouble()));
    String updatedAt = node.path("updatedAt").asText(null);
    return Optional.of(
        new StorageSnapshot.Progress(
            node.path("step").asLong(),
            node.path("totalSteps").asLong(),
            node.path("imagesPerSecond").asDouble(),
            node.path("stepsPerSecond").asDouble(),
            losses,
            updatedAt == null ? null : Instant.parse(updatedAt)));
  }
}
