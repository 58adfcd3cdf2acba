package io.xmcgan.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.OperatorConfig;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.operator.events.EventRecorder;
import io.xmcgan.operator.metrics.OperatorMetrics;
import io.xmcgan.operator.observe.EndpointAllowList;
import io.xmcgan.operator.observe.SecretCredentials;
import io.xmcgan.operator.observe.StorageCleaner;
import io.xmcgan.operator.observe.StorageObserver;
import io.xmcgan.operator.observe.StorageReader;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.serving.ServingChildren;
import io.xmcgan.operator.status.StatusComposer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reconciles an XmcganExperiment (docs/operator-internals.md): observe the children and the last
 * reconciled spec → validate ({@link SpecCheck}) → decide ({@link Lifecycle}, pure) → act ({@link
 * PlanExecutor}) → write the complete status ({@link StatusComposer}). It is called for every
 * event, also for a resource being deleted, because {@link Cleanup} handles deleteOnCleanup.
 */
@ControllerConfiguration(name = ExperimentReconciler.NAME, triggerReconcilerOnAllEvents = true)
public class ExperimentReconciler implements Reconciler<XmcganExperiment> {

  public static final String NAME = "xmcganexperiment";

  private final OperatorConfig config;
  private final StorageReader storage;
  private final OperatorMetrics metrics;
  private final PlanExecutor executor;
  private final ServingChildren serving;
  private final Cleanup cleanup;
  private final EndpointAllowList endpoints;
  private final Clock clock = Clock.systemUTC();

  public ExperimentReconciler(
      OperatorConfig config,
      StorageObserver storageObserver,
      StorageCleaner storageCleaner,
      SecretCredentials secrets,
      EventRecorder events,
      OperatorMetrics metrics) {
    this.config = config;
    this.endpoints = EndpointAllowList.of(config.storageEndpoints().orElse(List.of()));
    this.storage = new StorageReader(secrets, storageObserver);
    this.metrics = metrics;
    this.executor = new PlanExecutor(config, events, metrics);
    this.serving = new ServingChildren(config);
    this.cleanup = new Cleanup(config, endpoints, secrets, storageCleaner, events);
  }

  @Override
  public List<EventSource<?, XmcganExperiment>> prepareEventSources(
      EventSourceContext<XmcganExperiment> context) {
    metrics.countPhases(
        () -> context.getPrimaryCache().list().map(XmcganExperiment::getStatus).toList());
    return ChildInformers.of(context);
  }

  @Override
  public UpdateControl<XmcganExperiment> reconcile(
      XmcganExperiment resource, Context<XmcganExperiment> context) {
    Instant now = clock.instant();
    if (context.isPrimaryResourceDeleted()) {
      return UpdateControl.noUpdate();
    }
    if (resource.isMarkedForDeletion()) {
      return cleanup.delete(resource, context, now);
    }
    Observation seen = Observation.of(cleanup.keepFinalizer(resource, context), context);
    SpecCheck.Decision decision =
        SpecCheck.check(
            seen.name(),
            seen.namespace(),
            seen.resource().getSpec(),
            seen.reconciledSpec(),
            endpoints);
    if (decision instanceof SpecCheck.Refused refused) {
      executor.refused(seen, refused.reason(), refused.message());
      return statusUpdate(
          seen,
          StatusComposer.refused(
              seen.previous(), seen.generation(), refused.reason(), refused.message(), now));
    }
    SpecCheck.Accepted spec = (SpecCheck.Accepted) decision;
    spec.refusal().ifPresent(r -> executor.refused(seen, r.reason(), r.message()));
    StorageSnapshot read = storage.read(spec.resolved());
    Plan plan = Lifecycle.decide(Inputs.of(seen, spec, read, config, now));
    Optional<String> restoredFrom =
        executor.execute(context, seen, spec, plan, read, seen.previous().getPhase());
    metrics.reconciled();
    ExperimentStatus status =
        StatusComposer.compose(
            seen.previous(), seen.generation(), spec, plan, read, restoredFrom, now);
    status.setServing(
        serving.reconcile(
            context,
            seen.resource(),
            spec.resolved(),
            spec.runId(),
            plan.phase() == Phase.Succeeded,
            read));
    UpdateControl<XmcganExperiment> control = statusUpdate(seen, status);
    plan.requeueAfter().ifPresent(control::rescheduleAfter);
    return control;
  }

  /**
   * A reconcile threw (the API server refused a Job, was unreachable): JOSDK retries it with
   * backoff and the status says so (Reconciling); once the retries are used up, Stalled says so and
   * the reconcile is tried again every retryMaxDelay, so an error that goes away (a quota freed) is
   * picked up.
   */
  @Override
  public ErrorStatusUpdateControl<XmcganExperiment> updateErrorStatus(
      XmcganExperiment resource, Context<XmcganExperiment> context, Exception e) {
    metrics.reconcileFailed();
    boolean gaveUp = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(true);
    int attempt = context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(1);
    String error = StatusComposer.truncate(String.valueOf(e.getMessage()));
    if (gaveUp) {
      executor.gaveUp(resource, attempt, error);
    }
    Long generation = resource.getMetadata().getGeneration();
    resource.setStatus(
        StatusComposer.failedReconcile(
            StatusComposer.copy(resource.getStatus()),
            generation == null ? 0 : generation,
            error,
            attempt,
            gaveUp,
            config.retryMaxDelay().toSeconds() + "s",
            clock.instant()));
    ErrorStatusUpdateControl<XmcganExperiment> control =
        ErrorStatusUpdateControl.patchStatus(resource);
    return gaveUp ? control.rescheduleAfter(config.retryMaxDelay()) : control;
  }

  /** Patches the status only when it changed: most polls change nothing. */
  private static UpdateControl<XmcganExperiment> statusUpdate(
      Observation seen, ExperimentStatus status) {
    if (seen.resource().getStatus() != null && StatusComposer.same(seen.previous(), status)) {
      return UpdateControl.noUpdate();
    }
    seen.resource().setStatus(status);
    return UpdateControl.patchStatus(seen.resource());
  }
}
