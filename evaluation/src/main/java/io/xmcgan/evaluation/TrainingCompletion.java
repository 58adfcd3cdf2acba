package io.xmcgan.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.files.ProgressReport;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Whether training has finished, from what the trainer leaves in storage: a complete checkpoint at
 * or beyond {@code training.steps} (the trainer saves one at its last step), or {@code
 * progress.json} reporting {@code step >= totalSteps}.
 */
final class TrainingCompletion {

  private TrainingCompletion() {}

  static boolean isFinished(ObjectStore store, long trainingSteps, List<Long> completeSteps)
      throws IOException {
    if (completeSteps.stream().anyMatch(step -> step >= trainingSteps)) {
      return true;
    }
    Optional<ProgressReport> progress;
    try {
      progress = ProgressReport.read(store);
    } catch (JsonProcessingException e) {
      return false;
    }
    return progress.map(p -> p.totalSteps() > 0 && p.step() >= p.totalSteps()).orElse(false);
  }
}
