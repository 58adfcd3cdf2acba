package io.xmcgan.operator.reconcile;

import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.events.EventRecorder;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.stage.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile decided: the phase and why, the Jobs to create and delete, the events to
 * publish, the run's counters and when to look again. Built by {@link Lifecycle}, carried out by
 * the {@link PlanExecutor}, written to the status by the {@link
 * io.xmcgan.operator.status.StatusComposer}.
 */
public final class Plan {

  /**
   * A stage Job to create, and the event to publish once it exists (never for a Job an earlier
   * reconcile created already).
   *
   * @param retried the kind of failure the Job retries, for the failure metric; empty for a start
   */
  public record Launch(
      Stage stage,
      int attempt,
      Reason eventReason,
      String eventMessage,
      Optional<Reason> retried) {}

  /** A Job to delete (with foreground propagation), with the reason logged. */
  public record Removal(String jobName, String why) {}

  public record Event(EventRecorder.Type type, Reason reason, String message) {}

  /**
   * Why the experiment failed or is stalled: the Stalled condition's reason and message.
   *
   * @param stage the stage that failed, or null for the whole experiment
   */
  public record Failure(Stage stage, Reason reason, String message) {}

  /** Why a stage does not run yet though nothing failed: Reconciling's reason and message. */
  public record Waiting(Stage stage, Reason reason, String message) {}

  private Phase phase;
  private String message;
  private final List<Launch> launches = new ArrayList<>();
  private final List<Removal> removals = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  private final Map<Stage, StageCounters> counters = new EnumMap<>(Stage.class);
  private final List<String> deferred = new ArrayList<>();
  private Failure failure;
  private Failure retrying;
  private Waiting waiting;
  private Duration requeueAfter;
  private boolean trainingHealthy;
  private long activeSeconds;
  private Instant activeSince;

  Plan phase(Phase phase, String message) {
    this.phase = phase;
    this.message = message;
    return this;
  }

  void launch(Stage stage, int attempt, Reason reason, String message, Optional<Reason> retried) {
    launches.add(new Launch(stage, attempt, reason, message, retried));
    counters.put(stage, counters(stage).launched(attempt));
  }

  void remove(String jobName, String why) {
    if (removals.stream().noneMatch(r -> r.jobName().equals(jobName))) {
      removals.add(new Removal(jobName, why));
    }
  }

  void event(EventRecorder.Type type, Reason reason, String message) {
    events.add(new Event(type, reason, message));
  }

  void fail(Stage stage, Reason reason, String message) {
    this.failure = new Failure(stage, reason, message);
  }

  void retrying(Stage stage, Reason reason, String message) {
    this.retrying = new Failure(stage, reason, message);
  }

  void waiting(Stage stage, Reason reason, String message) {
    this.waiting = new Waiting(stage, reason, message);
  }

  /** Looks again after {@code delay} at the latest (the shortest request wins). */
  void requeue(Duration delay) {
    Duration bounded = delay.isNegative() ? Duration.ZERO : delay;
    if (requeueAfter == null || bounded.compareTo(requeueAfter) < 0) {
      requeueAfter = bounded;
    }
  }

  void counters(Stage stage, StageCounters value) {
    counters.put(stage, value);
  }

  void trainingHealthy(boolean healthy) {
    this.trainingHealthy = healthy;
  }

  void deferred(String jobName) {
    deferred.add(jobName);
  }

  void active(long seconds, Instant since) {
    this.activeSeconds = seconds;
    this.activeSince = since;
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

  /**
   * A stage that keeps failing with temporary errors and is still retried (Stalled, not Failed).
   */
  public Optional<Failure> retrying() {
    return Optional.ofNullable(retrying);
  }

  public Optional<Waiting> waiting() {
    return Optional.ofNullable(waiting);
  }

  public Optional<Duration> requeueAfter() {
    return Optional.ofNullable(requeueAfter);
  }

  /** The stage's counters after this reconcile (the run's status.run.&lt;stage&gt;). */
  public StageCounters counters(Stage stage) {
    return counters.getOrDefault(stage, StageCounters.NONE);
  }

  /** Whether a training pod is running (the Ready condition while training). */
  public boolean trainingHealthy() {
    return trainingHealthy;
  }

  /** Running Jobs created with an earlier spec: the change reaches them at their next attempt. */
  public List<String> deferred() {
    return List.copyOf(deferred);
  }

  public long activeSeconds() {
    return activeSeconds;
  }

  public Optional<Instant> activeSince() {
    return Optional.ofNullable(activeSince);
  }
}
