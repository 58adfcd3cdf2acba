package io.xmcgan.operator.reconcile;

import io.xmcgan.experiment.status.StageAttempts;
import io.xmcgan.operator.observe.Attempt;
import io.xmcgan.operator.observe.AttemptState;
import io.xmcgan.operator.observe.FailureKind;
import io.xmcgan.operator.observe.Termination;
import java.util.List;

/**
 * What one stage of the current run has been through (status.run.&lt;stage&gt;): the Jobs created
 * and how the finished ones ended. Kept in the status rather than counted from the Jobs, because
 * Jobs go away (suspend, a user, a TTL) while their failures must keep counting.
 *
 * @param attempts Jobs created so far: the next Job's attempt number
 * @param counted attempts (by number, from 0) already counted below
 * @param consecutiveTemporaryFailures temporary failures since the stage last ended otherwise
 */
public record StageCounters(
    int attempts,
    int counted,
    int crashes,
    int temporaryFailures,
    int consecutiveTemporaryFailures,
    int interruptions) {

  public static final StageCounters NONE = new StageCounters(0, 0, 0, 0, 0, 0);

  public static StageCounters of(StageAttempts status) {
    if (status == null) {
      return NONE;
    }
    return new StageCounters(
        orZero(status.getAttempts()),
        orZero(status.getCounted()),
        orZero(status.getCrashes()),
        orZero(status.getTemporaryFailures()),
        orZero(status.getConsecutiveTemporaryFailures()),
        orZero(status.getInterruptions()));
  }

  public StageAttempts toStatus() {
    StageAttempts status = new StageAttempts();
    status.setAttempts(attempts);
    status.setCounted(counted);
    status.setCrashes(crashes);
    status.setTemporaryFailures(temporaryFailures);
    status.setConsecutiveTemporaryFailures(consecutiveTemporaryFailures);
    status.setInterruptions(interruptions);
    return status;
  }

  /** Attempts that failed or were interrupted and were (or will be) resumed. */
  public int restarts() {
    return crashes + temporaryFailures + interruptions;
  }

  /**
   * Counts the finished attempts not counted yet, in attempt order, stopping at the first active
   * one; raises {@code attempts} above every Job seen. Counting is idempotent: a reconcile repeated
   * because its status write was lost counts the same attempts once.
   *
   * @param highestAttempt the stage's highest attempt number among the run's Jobs, -1 for none
   */
  StageCounters observe(List<Attempt> ofStage, int highestAttempt) {
    StageCounters counters =
        new StageCounters(
            Math.max(attempts, highestAttempt + 1),
            counted,
            crashes,
            temporaryFailures,
            consecutiveTemporaryFailures,
            interruptions);
    for (Attempt attempt : ofStage) {
      if (attempt.attempt() < counters.counted) {
        continue;
      }
      if (attempt.active()) {
        break;
      }
      counters = counters.count(attempt);
    }
    return counters;
  }

  /** The counters once attempt {@code attempt} is created: every earlier one is settled. */
  StageCounters launched(int attempt) {
    return new StageCounters(
        Math.max(attempts, attempt + 1),
        Math.max(counted, attempt),
        crashes,
        temporaryFailures,
        consecutiveTemporaryFailures,
        interruptions);
  }

  private StageCounters count(Attempt attempt) {
    int next = attempt.attempt() + 1;
    if (attempt.state() == AttemptState.SUCCEEDED) {
      return new StageCounters(attempts, next, crashes, temporaryFailures, 0, interruptions);
    }
    return switch (kind(attempt)) {
      case CRASH ->
          new StageCounters(attempts, next, crashes + 1, temporaryFailures, 0, interruptions);
      case TEMPORARY ->
          new StageCounters(
              attempts,
              next,
              crashes,
              temporaryFailures + 1,
              consecutiveTemporaryFailures + 1,
              interruptions);
      case INTERRUPTED ->
          new StageCounters(
              attempts,
              next,
              crashes,
              temporaryFailures,
              consecutiveTemporaryFailures,
              interruptions + 1);
      // Permanent failures end the experiment; there is nothing left to count towards.
      case INVALID_INPUT, NO_GPU_VISIBLE ->
          new StageCounters(
              attempts,
              next,
              crashes,
              temporaryFailures,
              consecutiveTemporaryFailures,
              interruptions);
    };
  }

  /**
   * How a failed attempt counts. A Job that failed without a pod to tell why (the pod already
   * garbage-collected) counts as a crash.
   */
  static FailureKind kind(Attempt attempt) {
    return attempt.termination().map(Termination::kind).orElse(FailureKind.CRASH);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
