package io.xmcgan.operator.serving;

import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.serving.ResolvedServing;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which checkpoint the serving Deployment should run (pure; docs/serving.md). A checkpoint is
 * chosen by the spec's policy from what storage holds; until one fits, a running server keeps its
 * step and none is started.
 *
 * @param step the step to serve, or empty to leave the Deployment as it is
 * @param waiting why nothing (new) is served, or null when {@code step} is present
 */
public record ServingDecision(OptionalLong step, String waiting) {

  public static ServingDecision decide(
      ResolvedServing serving, boolean trainingSucceeded, StorageSnapshot storage) {
    if (storage.error().isPresent()) {
      return new ServingDecision(
          OptionalLong.empty(), "storage cannot be read: " + storage.error().get());
    }
    if (serving.afterTraining() && !trainingSucceeded) {
      return new ServingDecision(
          OptionalLong.empty(), "serving starts once training has succeeded (afterTraining)");
    }
    OptionalLong latest =
        storage.checkpoint().map(c -> OptionalLong.of(c.step())).orElse(OptionalLong.empty());
    Map<Long, Double> fids = new LinkedHashMap<>();
    for (StorageSnapshot.Metric metric : storage.metrics()) {
      fids.put(metric.step(), metric.fid());
    }
    OptionalLong step = serving.checkpoint().choose(latest, fids);
    if (step.isPresent()) {
      return new ServingDecision(step, null);
    }
    return new ServingDecision(OptionalLong.empty(), waitingFor(serving, latest));
  }

  private static String waitingFor(ResolvedServing serving, OptionalLong latest) {
    return switch (serving.checkpoint().kind()) {
      case BEST_FID -> "waiting for the first evaluated checkpoint (checkpoint: best-fid)";
      case LATEST -> "waiting for the first checkpoint (checkpoint: latest)";
      case STEP ->
          "waiting for the checkpoint of step "
              + serving.checkpoint().step()
              + Optional.of(latest)
                  .filter(OptionalLong::isPresent)
                  .map(l -> " (the newest is " + l.getAsLong() + ")")
                  .orElse("");
    };
  }
}
