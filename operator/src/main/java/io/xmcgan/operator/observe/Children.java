package io.xmcgan.operator.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.xmcgan.operator.workloads.Stage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The experiment's children of the current run, by stage and attempt (oldest first), plus the Jobs
 * of older runs (to remove) and the ConfigMap holding the spec the running stages were started
 * with.
 */
public record Children(
    List<Attempt> attempts,
    Map<Stage, Integer> highestDeletingAttempt,
    List<Job> staleJobs,
    Optional<ConfigMap> config) {

  public Children {
    attempts =
        attempts.stream()
            .sorted(Comparator.comparing(Attempt::stage).thenComparingInt(Attempt::attempt))
            .toList();
    highestDeletingAttempt = Map.copyOf(highestDeletingAttempt);
    staleJobs = List.copyOf(staleJobs);
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

  /**
   * The attempt number the next Job of the stage gets: above every Job of the run, including those
   * still being deleted, so a new Job never collides with one that is going away.
   */
  public int nextAttempt(Stage stage) {
    int highest = latest(stage).map(Attempt::attempt).orElse(-1);
    return Math.max(highest, highestDeletingAttempt.getOrDefault(stage, -1)) + 1;
  }
}
