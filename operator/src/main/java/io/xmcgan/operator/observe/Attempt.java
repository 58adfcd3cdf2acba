package io.xmcgan.operator.observe;

import io.xmcgan.stage.Stage;
import java.time.Instant;
import java.util.Optional;

/**
 * One Job of a stage as observed, with the pods it owns (matched by owner UID): its attempt number,
 * state and, when it failed or does not start, why.
 *
 * @param running true when a pod of the Job has a running container (the stage is healthy)
 * @param jobFailureReason the Job's own failure reason when it has one (DeadlineExceeded,
 *     BackoffLimitExceeded, PodFailurePolicy)
 * @param specHash the spec the Job was created with ({@link
 *     io.xmcgan.operator.workloads.ChildNames#SPEC_HASH_ANNOTATION})
 */
public record Attempt(
    String name,
    Stage stage,
    int attempt,
    AttemptState state,
    Instant created,
    boolean running,
    Optional<Termination> termination,
    Optional<StartupProblem> startupProblem,
    Optional<String> jobFailureReason,
    String specHash) {

  public boolean active() {
    return state == AttemptState.ACTIVE;
  }
}
