package io.xmcgan.operator.observe;

import io.xmcgan.operator.status.Reason;
import java.time.Instant;

/**
 * A pod (or a Job without pods) that has not started since {@code since}. The reason says why, so
 * that a stage failed by {@code startupDeadlineSeconds} tells the user what to fix.
 *
 * @param reason {@link Reason#Unschedulable} (no node can run the pod, e.g. no free {@code
 *     nvidia.com/gpu}), {@link Reason#ImagePullFailed}, {@link Reason#ContainerConfigError} (e.g. a
 *     missing Secret key), {@link Reason#NoPodCreated} (e.g. a ResourceQuota refuses the pod),
 *     {@link Reason#NotStarted}, or {@link Reason#WaitingForCapacity} for a Job a queueing system
 *     (Kueue) holds suspended, which {@code startupDeadlineSeconds} never fails
 */
public record StartupProblem(Reason reason, String message, Instant since) {

  /**
   * Whether the pod waits for room in the cluster rather than for a fix: a preempted experiment's
   * next attempt waits for capacity without failing (runPolicy.capacityWaitSeconds).
   */
  public boolean waitsForCapacity() {
    return reason == Reason.Unschedulable
        || reason == Reason.NoPodCreated
        || reason == Reason.NotStarted
        || queued();
  }

  /** Known to wait for room: no node fits the pod, or a queue holds the Job. */
  public boolean unschedulable() {
    return reason == Reason.Unschedulable || queued();
  }

  /** Held by a queueing system: not a start-up failure, however long it takes. */
  public boolean queued() {
    return reason == Reason.WaitingForCapacity;
  }
}
