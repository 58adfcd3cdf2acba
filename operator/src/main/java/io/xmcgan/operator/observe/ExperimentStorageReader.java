package io.xmcgan.operator.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.experiment.ResolvedExperiment;
import io.xmcgan.storage.ObjectInfo;
import io.xmcgan.storage.ObjectStore;
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

  static final String DATA_PREFIX = "data/";
  static final String TRAIN_MANIFEST = "data/train.manifest.json";
  static final String PROGRESS = "progress.json";
  static final String CHECKPOINTS = "checkpoints/";
  static final String METRICS = "metrics/";
  private static final Pattern CHECKPOINT_MANIFEST =
      Pattern.compile("^checkpoints/step-(\\d+)/MANIFEST\\.json$");
  private static final Pattern METRIC = Pattern.compile("^metrics/step-(\\d+)\\.json$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExperimentStorageReader() {}

  static StorageSnapshot read(ObjectStore store, ResolvedExperiment experiment) throws IOException {
    StorageSnapshot.DataReadiness data = data(store, experiment.data().shards());
    Optional<StorageSnapshot.Progress> progress = progress(store);
    List<Long> checkpoints = new ArrayList<>();
    for (ObjectInfo info : store.list(CHECKPOINTS)) {
      Matcher matcher = CHECKPOINT_MANIFEST.matcher(info.key());
      if (matcher.matches()) {
        checkpoints.add(Long.parseLong(matcher.group(1)));
      }
    }
    Optional<StorageSnapshot.CheckpointRef> latest =
        checkpoints.stream()
            .max(Long::compare)
            .map(
                step ->
                    new StorageSnapshot.CheckpointRef(
                        step, experiment.storage().experimentUri() + checkpointDir(step)));
    List<StorageSnapshot.Metric> metrics = new ArrayList<>();
    for (ObjectInfo info : store.list(METRICS)) {
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

  static String checkpointDir(long step) {
    return String.format("checkpoints/step-%08d/", step);
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
    if (!store.exists(PROGRESS)) {
      return Optional.empty();
    }
    JsonNode node = JSON.readTree(store.readBytes(PROGRESS));
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
