package io.xmcgan.operator.observe;

import io.xmcgan.operator.workloads.Stage;
import java.time.Instant;
import java.util.Optional;

/**
 * One Job of a stage as observed: its attempt number, state and, when it failed or does not start,
 * why.
 *
 * @param running true when a pod of the Job has a running container (the stage is healthy)
 * @param failedPods pods of the Job that failed (for the preprocessing Job, which retries itself)
 * @param jobFailureReason the Job's own failure reason when it has one (DeadlineExceeded,
 *     BackoffLimitExceeded, PodFailurePolicy)
 */
public record Attempt(
    String name,
    Stage stage,
    int attempt,
    AttemptState state,
    Instant created,
    boolean running,
    int failedPods,
    Optional<Termination> termination,
    Optional<StartupProblem> startupProblem,
    Optional<String> jobFailureReason) {

  public boolean active() {
    return state == AttemptState.ACTIVE;
  }
}
