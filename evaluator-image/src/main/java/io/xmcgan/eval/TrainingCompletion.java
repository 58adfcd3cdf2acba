package io.xmcgan.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import java.io.IOException;
import java.util.List;

/**
 * Whether training has finished, from what the trainer leaves in storage: a complete checkpoint at
 * or beyond {@code training.steps} (the trainer saves one at its last step), or {@code
 * progress.json} reporting {@code step >= totalSteps}.
 */
final class TrainingCompletion {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingCompletion() {}

  static boolean isFinished(ObjectStore store, long trainingSteps, List<Long> completeSteps)
      throws IOException {
    if (completeSteps.stream().anyMatch(step -> step >= trainingSteps)) {
      return true;
    }
    if (!store.exists(StorageLayout.PROGRESS)) {
      return false;
    }
    JsonNode progress;
    try {
      progress = JSON.readTree(store.readBytes(StorageLayout.PROGRESS));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return false;
    }
    long step = progress.path("step").asLong(-1);
    long total = progress.path("totalSteps").asLong(-1);
    return total > 0 && step >= total;
  }
}
