package io.xmcgan.training;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks a running training to stop: the loop finishes its current step, writes a checkpoint (unless
 * the step already has one) and returns {@link TrainingResult.Outcome#CANCELLED}. Safe to call from
 * any thread, e.g. a signal or shutdown hook.
 */
public final class CancellationToken {

  private final AtomicReference<String> reason = new AtomicReference<>();

  /** Requests the stop; the first reason given is kept. */
  public void cancel(String why) {
    reason.compareAndSet(null, why);
  }

  public boolean isCancelled() {
    return reason.get() != null;
  }

  /** Why the stop was requested, or null. */
  public String reason() {
    return reason.get();
  }
}
