package io.xmcgan.operator.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.xmcgan.stage.Stage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The experiment's children as observed in one reconcile.
 *
 * @param attempts the Jobs of the current run that are not being deleted, by stage and attempt
 * @param highestAttempt per stage, the highest attempt number of any Job of the current run, also
 *     of one being deleted (a new Job is numbered above it)
 * @param staleJobs names of the Jobs of other runs that are not being deleted yet
 * @param leftoverPods per stage, pods that are not finished and not owned by an active attempt of
 *     the current run: pods of deleted, failed or stale Jobs, still terminating. The stage's next
 *     Job waits until they are gone, so that two pods of a stage never run at once.
 * @param config the ConfigMap holding the resolved experiment the pods read
 */
public record Children(
    List<Attempt> attempts,
    Map<Stage, Integer> highestAttempt,
    List<String> staleJobs,
    Map<Stage, List<String>> leftoverPods,
    Optional<ConfigMap> config) {

  public Children {
    attempts =
        attempts.stream()
            .sorted(Comparator.comparing(Attempt::stage).thenComparingInt(Attempt::attempt))
            .toList();
    highestAttempt = Map.copyOf(highestAttempt);
    staleJobs = List.copyOf(staleJobs);
    leftoverPods = Map.copyOf(leftoverPods);
  }

  public List<Attempt> of(Stage stage) {
    return attempts.stream().filter(a -> a.stage() == stage).toList();
  }

  public Optional<Attempt> latest(Stage stage) {
    List<Attempt> ofStage = of(stage);
    return ofStage.isEmpty() ? Optional.empty() : Optional.of(ofStage.get(ofStage.size() - 1));
  }

  public List<Attempt> active() {
    return attempts.stream().filter(Attempt::active).toList();
  }

  public List<String> leftoverPods(Stage stage) {
    return leftoverPods.getOrDefault(stage, List.of());
  }

  /** The highest attempt number of the stage's Jobs in the current run, or -1 for none. */
  public int highestAttempt(Stage stage) {
    return highestAttempt.getOrDefault(stage, -1);
  }
}
