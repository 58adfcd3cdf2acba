package io.xmcgan.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.stage.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The operator's Prometheus metrics (served at /q/metrics): reconciles by outcome, stage failures
 * by stage and reason, and the number of experiments in each phase.
 */
@ApplicationScoped
public class OperatorMetrics {

  public static final String RECONCILES = "xmcgan.reconciles";
  public static final String STAGE_FAILURES = "xmcgan.stage.failures";
  public static final String EXPERIMENTS = "xmcgan.experiments";

  /** The stage label of a failure of the whole experiment rather than of one stage. */
  public static final String EXPERIMENT = "experiment";

  private final MeterRegistry registry;
  private final Counter succeeded;
  private final Counter failed;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.succeeded =
        Counter.builder(RECONCILES)
            .description("Reconciles of XmcganExperiment resources")
            .tag("outcome", "success")
            .register(registry);
    this.failed =
        Counter.builder(RECONCILES)
            .description("Reconciles of XmcganExperiment resources")
            .tag("outcome", "error")
            .register(registry);
  }

  public void reconciled() {
    succeeded.increment();
  }

  /** A reconcile that threw (it is retried with backoff). */
  public void reconcileFailed() {
    failed.increment();
  }

  /**
   * An attempt of {@code stage} failed (reason {@code *Restarted} when it is retried, the failure's
   * reason when the experiment fails); {@code stage} is null for a failure of the whole experiment
   * (activeDeadlineSeconds). The stage label is {@link Stage#label()}: preprocess, train, evaluate.
   */
  public void stageFailed(Stage stage, Reason reason) {
    Counter.builder(STAGE_FAILURES)
        .description("Stage attempts that failed, by stage and reason")
        .tag("stage", stage == null ? EXPERIMENT : stage.label())
        .tag("reason", reason.name())
        .register(registry)
        .increment();
  }

  /**
   * Counts experiments by phase from {@code statuses} (the status of every cached experiment, null
   * before the first reconcile: Pending) at each scrape, so a deleted experiment stops being
   * counted without any bookkeeping.
   */
  public void countPhases(Supplier<Collection<ExperimentStatus>> statuses) {
    for (Phase phase : Phase.values()) {
      Gauge.builder(
              EXPERIMENTS,
              statuses,
              s -> s.get().stream().filter(status -> phase(status) == phase).count())
          .description("XmcganExperiment resources by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  private static Phase phase(ExperimentStatus status) {
    return status == null || status.getPhase() == null ? Phase.Pending : status.getPhase();
  }
}
