package io.xmcgan.storage.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The content of {@code progress.json} (docs/storage-layout.md): written by the trainer, also
 * handed to its in-process listeners after every step; read by the operator for the status and by
 * the evaluator to know when training has finished. Fields a reader does not know are ignored,
 * missing ones read as 0 / null.
 *
 * @param step generator steps completed
 * @param totalSteps the run's length
 * @param losses the last step's loss terms and contrastive accuracies by name, in the trainer's
 *     order
 * @param imagesPerSecond real images consumed per second (all sub-steps and devices) over the last
 *     report interval
 * @param stepsPerSecond generator steps per second over the last report interval
 * @param etaSeconds estimated seconds until the last step, null before a rate is known
 * @param updatedAt when this report was made (RFC 3339, UTC)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "step",
  "totalSteps",
  "losses",
  "imagesPerSecond",
  "stepsPerSecond",
  "etaSeconds",
  "updatedAt"
})
public record ProgressReport(
    long step,
    long totalSteps,
    Map<String, Double> losses,
    double imagesPerSecond,
    double stepsPerSecond,
    Long etaSeconds,
    Instant updatedAt) {

  public ProgressReport {
    losses = losses == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(losses));
  }

  /** The run's {@code progress.json}, empty before the trainer's first write. */
  public static Optional<ProgressReport> read(ObjectStore store) throws IOException {
    if (!store.exists(StorageLayout.PROGRESS)) {
      return Optional.empty();
    }
    return Optional.of(
        StorageJson.mapper()
            .readValue(store.readBytes(StorageLayout.PROGRESS), ProgressReport.class));
  }

  /** Replaces the run's {@code progress.json}. */
  public void write(ObjectStore store) throws IOException {
    store.writeBytes(StorageLayout.PROGRESS, StorageJson.mapper().writeValueAsBytes(this));
  }
}
