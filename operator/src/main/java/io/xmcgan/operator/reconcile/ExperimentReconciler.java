package io.xmcgan.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.xmcgan.experiment.ConditionType;
import io.xmcgan.experiment.ExperimentJson;
import io.xmcgan.experiment.ExperimentStatus;
import io.xmcgan.experiment.Phase;
import io.xmcgan.operator.OperatorConfig;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.operator.events.EventRecorder;
import io.xmcgan.operator.metrics.OperatorMetrics;
import io.xmcgan.operator.observe.SecretCredentials;
import io.xmcgan.operator.observe.StorageCleaner;
import io.xmcgan.operator.observe.StorageObserver;
import io.xmcgan.operator.observe.StorageReader;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.operator.status.StatusComposer;
import io.xmcgan.operator.workloads.ChildNames;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles an XmcganExperiment (docs/operator-internals.md): observe (children, the last
 * reconciled spec) → validate ({@link SpecCheck}) → decide ({@link Lifecycle}, pure) → act ({@link
 * PlanExecutor}) → write the complete status ({@link StatusComposer}). It is called on every event,
 * also for a resource being deleted, because {@link Cleanup} handles deleteOnCleanup itself.
 */
@ControllerConfiguration(name = ExperimentReconciler.NAME, triggerReconcilerOnAllEvents = true)
@RBACRule(
    apiGroups = "batch",
    resources = "jobs",
    verbs = {"get", "list", "watch", "create", "delete", "patch", "update"})
@RBACRule(
    apiGroups = "",
    resources = "configmaps",
    verbs = {"get", "list", "watch", "create", "delete", "patch", "update"})
@RBACRule(
    apiGroups = "",
    resources = "pods",
    verbs = {"get", "list", "watch"})
@RBACRule(apiGroups = "", resources = "secrets", verbs = "get")
@RBACRule(
    apiGroups = "",
    resources = "events",
    verbs = {"get", "create", "patch", "update"})
@RBACRule(apiGroups = "xmcgan.io", resources = "xmcganexperiments/finalizers", verbs = "update")
@RBACRule(
    apiGroups = "coordination.k8s.io",
    resources = "leases",
    verbs = {"get", "create", "update", "patch"})
public class ExperimentReconciler implements Reconciler<XmcganExperiment> {

  public static final String NAME = "xmcganexperiment";

  private final OperatorConfig config;
  private final StorageReader storage;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final PlanExecutor executor;
  private final Cleanup cleanup;
  private final Clock clock = Clock.systemUTC();

  public ExperimentReconciler(
      OperatorConfig config,
      StorageObserver storageObserver,
      StorageCleaner storageCleaner,
      SecretCredentials secrets,
      EventRecorder events,
      OperatorMetrics metrics) {
    this.config = config;
    this.storage = new StorageReader(secrets, storageObserver);
    this.events = events;
    this.metrics = metrics;
    this.executor = new PlanExecutor(config, events, metrics);
    this.cleanup = new Cleanup(config, secrets, storageCleaner, events);
  }

  @Override
  public List<EventSource<?, XmcganExperiment>> prepareEventSources(
      EventSourceContext<XmcganExperiment> context) {
    metrics.countPhases(
        () ->
            context
                .getPrimaryCache()
                .list()
                .map(e -> e.getStatus() == null ? null : e.getStatus().getPhase())
                .map(p -> p == null ? Phase.Pending.name() : p.name())
                .toList());
    // Pods are owned by their Job, not by the experiment: they map back through the label.
    return List.of(
        informer(context, Job.class, Mappers.fromOwnerReferences(XmcganExperiment.class)),
        informer(context, ConfigMap.class, Mappers.fromOwnerReferences(XmcganExperiment.class)),
        informer(
            context,
            Pod.class,
            (Pod pod) -> {
              Map<String, String> labels = pod.getMetadata().getLabels();
              String experiment = labels == null ? null : labels.get(ChildNames.EXPERIMENT_LABEL);
              return experiment == null
                  ? Set.of()
                  : Set.of(new ResourceID(experiment, pod.getMetadata().getNamespace()));
            }));
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
            seen.name(), seen.namespace(), seen.resource().getSpec(), seen.reconciledSpec());
    if (decision instanceof SpecCheck.Refused refused) {
      warnOnce(seen, refused.reason(), refused.message(), "the spec is invalid:\n");
      return statusUpdate(
          seen,
          StatusComposer.refused(
              seen.previous(), seen.generation(), refused.reason(), refused.message(), now));
    }
    SpecCheck.Accepted spec = (SpecCheck.Accepted) decision;
    spec.refusal().ifPresent(r -> warnOnce(seen, r.reason(), r.message(), ""));
    StorageSnapshot read = storage.read(spec.resolved());
    Plan plan = Lifecycle.decide(Inputs.of(seen, spec, read, config, now));
    Optional<String> restoredFrom =
        executor.execute(context, seen, spec, plan, read, seen.previous().getPhase());
    metrics.reconciled();
    UpdateControl<XmcganExperiment> control =
        statusUpdate(
            seen,
            StatusComposer.compose(
                seen.previous(), seen.generation(), spec, plan, read, restoredFrom, now));
    plan.requeueAfter().ifPresent(control::rescheduleAfter);
    return control;
  }

  /**
   * A reconcile threw: JOSDK retries it with backoff, and the status says so (Reconciling); once
   * the retries are used up, Stalled says so, and the reconcile is tried again after the longest
   * retry delay, so an error that goes away (a quota freed) is picked up.
   */
  @Override
  public ErrorStatusUpdateControl<XmcganExperiment> updateErrorStatus(
      XmcganExperiment resource, Context<XmcganExperiment> context, Exception e) {
    metrics.reconcileFailed();
    boolean gaveUp = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(true);
    int attempt = context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(1);
    String error = String.valueOf(e.getMessage());
    Long generation = resource.getMetadata().getGeneration();
    ExperimentStatus status =
        StatusComposer.failedReconcile(
            StatusComposer.copy(resource.getStatus()),
            generation == null ? 0 : generation,
            error.length() > 1024 ? error.substring(0, 1024) : error,
            attempt,
            gaveUp,
            config.retryMaxDelay().toSeconds() + "s",
            clock.instant());
    if (gaveUp) {
      events.record(
          resource,
          EventRecorder.Type.Warning,
          Reason.ReconcileFailed,
          "Gave up after " + attempt + " attempt(s): " + error);
    }
    resource.setStatus(status);
    ErrorStatusUpdateControl<XmcganExperiment> control =
        ErrorStatusUpdateControl.patchStatus(resource);
    return gaveUp ? control.rescheduleAfter(config.retryMaxDelay()) : control;
  }

  /** A refused spec is reported once per generation, not at every poll while it stays refused. */
  private void warnOnce(Observation seen, Reason reason, String message, String prefix) {
    boolean reported =
        seen.previous()
            .findCondition(ConditionType.Stalled)
            .filter(c -> reason.name().equals(c.getReason()) && message.equals(c.getMessage()))
            .filter(c -> Long.valueOf(seen.generation()).equals(c.getObservedGeneration()))
            .isPresent();
    if (!reported) {
      events.record(
          seen.resource(),
          EventRecorder.Type.Warning,
          reason,
          "Generation " + seen.generation() + ": " + prefix + message);
    }
  }

  private static <R extends HasMetadata> InformerEventSource<R, XmcganExperiment> informer(
      EventSourceContext<XmcganExperiment> context,
      Class<R> type,
      SecondaryToPrimaryMapper<R> mapper) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, XmcganExperiment.class)
            .withName(type.getSimpleName().toLowerCase())
            .withLabelSelector(ChildNames.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(mapper)
            .build(),
        context);
  }

  private static UpdateControl<XmcganExperiment> statusUpdate(
      Observation seen, ExperimentStatus status) {
    XmcganExperiment resource = seen.resource();
    if (json(seen.previous()).equals(json(status)) && resource.getStatus() != null) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }

  private static String json(ExperimentStatus status) {
    return ExperimentJson.json().valueToTree(status).toString();
  }
}
