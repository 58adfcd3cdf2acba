package io.xmcgan.operator.reconcile;

import io.xmcgan.experiment.Phase;
import io.xmcgan.operator.events.EventRecorder;
import io.xmcgan.operator.workloads.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile decided: the phase and why, the Jobs to create and delete, the events to
 * publish and when to look again. Built by {@link Lifecycle}, carried out by the reconciler.
 */
public final class Plan {

  /** A stage Job to create. */
  public record Launch(Stage stage, int attempt) {}

  /** A Job to delete, with the reason logged. */
  public record Removal(String jobName, String why) {}

  public record Event(EventRecorder.Type type, String reason, String message) {}

  /** Why the experiment failed or stalled: the Stalled condition's reason and message. */
  public record Failure(String stage, String reason, String message) {}

  private Phase phase;
  private String message;
  private final List<Launch> launches = new ArrayList<>();
  private final List<Removal> removals = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  private Failure failure;
  private Duration requeueAfter;
  private int restarts;
  private boolean trainingHealthy;
  private boolean resetForRestart;

  Plan phase(Phase phase, String message) {
    this.phase = phase;
    this.message = message;
    return this;
  }

  void launch(Stage stage, int attempt) {
    launches.add(new Launch(stage, attempt));
  }

  void remove(String jobName, String why) {
    removals.add(new Removal(jobName, why));
  }

  void event(EventRecorder.Type type, String reason, String message) {
    events.add(new Event(type, reason, message));
  }

  void fail(String stage, String reason, String message) {
    this.failure = new Failure(stage, reason, message);
  }

  /** Looks again after {@code delay} at the latest (the shortest request wins). */
  void requeue(Duration delay) {
    Duration bounded = delay.isNegative() ? Duration.ZERO : delay;
    if (requeueAfter == null || bounded.compareTo(requeueAfter) < 0) {
      requeueAfter = bounded;
    }
  }

  void restarts(int restarts) {
    this.restarts = restarts;
  }

  void trainingHealthy(boolean healthy) {
    this.trainingHealthy = healthy;
  }

  void resetForRestart() {
    this.resetForRestart = true;
  }

  public Phase phase() {
    return phase;
  }

  public String message() {
    return message;
  }

  public List<Launch> launches() {
    return List.copyOf(launches);
  }

  public List<Removal> removals() {
    return List.copyOf(removals);
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  public Optional<Duration> requeueAfter() {
    return Optional.ofNullable(requeueAfter);
  }

  /** Failed training attempts of the current run (each resumed from the latest checkpoint). */
  public int restarts() {
    return restarts;
  }

  /** Whether a training pod is running (the Ready condition while training). */
  public boolean trainingHealthy() {
    return trainingHealthy;
  }

  /** The restartNonce changed after the experiment finished: status starts over. */
  public boolean isResetForRestart() {
    return resetForRestart;
  }
}
