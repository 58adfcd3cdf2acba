package io.xmcgan.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.xmcgan.experiment.status.ConditionType;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.OperatorConfig;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.operator.events.EventRecorder;
import io.xmcgan.operator.metrics.OperatorMetrics;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.operator.workloads.JobRenderer;
import io.xmcgan.operator.workloads.JobRequest;
import io.xmcgan.operator.workloads.StageSettings;
import io.xmcgan.stage.Stage;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Carries out a {@link Plan}: the ConfigMap first (pods mount it), then deletions, then new Jobs,
 * then events and metrics. A Job that already exists (409: an earlier reconcile created it and the
 * cache had not shown it yet) publishes no event and counts no failure: those belong to the
 * reconcile that created it. Any other refusal throws, and the reconciler's error handling puts it
 * in the status.
 */
public final class PlanExecutor {

  private static final Logger LOG = Logger.getLogger(PlanExecutor.class);
  private static final int HTTP_CONFLICT = 409;

  private final OperatorConfig config;
  private final EventRecorder events;
  private final OperatorMetrics metrics;

  public PlanExecutor(OperatorConfig config, EventRecorder events, OperatorMetrics metrics) {
    this.config = config;
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * Acts on the plan and returns the checkpoint a training Job created now resumes from.
   *
   * @param previousPhase the phase before this reconcile: a failure is counted once, when the
   *     experiment enters Failed
   */
  public Optional<String> execute(
      Context<XmcganExperiment> context,
      Observation seen,
      SpecCheck.Accepted spec,
      Plan plan,
      StorageSnapshot storage,
      Phase previousPhase) {
    XmcganExperiment resource = seen.resource();
    applyConfigMap(context, seen, spec);
    for (Plan.Removal removal : plan.removals()) {
      LOG.infof(
          "%s/%s: deleting Job %s: %s",
          seen.namespace(), seen.name(), removal.jobName(), removal.why());
      // Foreground: the Job stays (with a deletionTimestamp) until its pods are gone.
      context
          .getClient()
          .batch()
          .v1()
          .jobs()
          .inNamespace(seen.namespace())
          .withName(removal.jobName())
          .withPropagationPolicy(DeletionPropagation.FOREGROUND)
          .delete();
    }
    Optional<String> restoredFrom = Optional.empty();
    for (Plan.Launch launch : plan.launches()) {
      if (!create(context, JobRenderer.job(request(seen, spec, launch)))) {
        continue;
      }
      events.record(resource, eventType(launch), launch.eventReason(), launch.eventMessage());
      launch.retried().ifPresent(reason -> metrics.stageFailed(launch.stage(), reason));
      if (launch.stage() == Stage.TRAIN) {
        restoredFrom = storage.checkpoint().map(StorageSnapshot.CheckpointRef::uri);
      }
    }
    for (Plan.Event event : plan.events()) {
      events.record(resource, event.type(), event.reason(), event.message());
    }
    if (plan.phase() == Phase.Failed && previousPhase != Phase.Failed) {
      plan.failure().ifPresent(f -> metrics.stageFailed(f.stage(), f.reason()));
    }
    return restoredFrom;
  }

  /**
   * A refused spec (invalid, or an immutable field changed) is reported once per generation, not at
   * every poll while it stays refused.
   */
  public void refused(Observation seen, Reason reason, String message) {
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
          "Generation "
              + seen.generation()
              + ": "
              + (reason == Reason.InvalidSpec ? "the spec is invalid:\n" : "")
              + message);
    }
  }

  /** The reconcile's retries are used up: one Warning event per error. */
  public void gaveUp(XmcganExperiment resource, int attempts, String error) {
    events.record(
        resource,
        EventRecorder.Type.Warning,
        Reason.ReconcileFailed,
        "Gave up after " + attempts + " attempt(s): " + error);
  }

  private static EventRecorder.Type eventType(Plan.Launch launch) {
    return launch.retried().isPresent() ? EventRecorder.Type.Warning : EventRecorder.Type.Normal;
  }

  /**
   * Creates a child through JOSDK, which puts it into the informer cache at once: the next
   * reconcile sees it even before the watch reports it (and numbers the next attempt above it).
   * Returns false when it exists already.
   */
  private static boolean create(Context<XmcganExperiment> context, HasMetadata child) {
    try {
      context.resourceOperations().create(child);
      LOG.infof(
          "%s: created %s %s",
          child.getMetadata().getNamespace(), child.getKind(), child.getMetadata().getName());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HTTP_CONFLICT) {
        throw e;
      }
      return false;
    }
  }

  private JobRequest request(Observation seen, SpecCheck.Accepted spec, Plan.Launch launch) {
    boolean preprocess = launch.stage() == Stage.PREPROCESS;
    return new JobRequest(
        seen.resource(),
        seen.name(),
        launch.stage(),
        launch.attempt(),
        spec.runId(),
        StageSettings.pod(launch.stage(), spec.resolved(), config),
        StageSettings.storage(spec.resolved()),
        preprocess ? spec.resolved().data().shards() : 1,
        preprocess ? spec.resolved().data().parallelism() : 1,
        spec.resolved().runPolicy().backoffLimit(),
        spec.hash());
  }

  /** The resolved experiment the pods read; written when it differs (or is missing). */
  private static void applyConfigMap(
      Context<XmcganExperiment> context, Observation seen, SpecCheck.Accepted spec) {
    ConfigMap desired =
        JobRenderer.configMap(seen.resource(), seen.name(), spec.runId(), spec.resolved().toJson());
    Optional<ConfigMap> current = seen.config();
    if (current.isPresent()
        && Objects.equals(current.get().getData(), desired.getData())
        && Objects.equals(
            current.get().getMetadata().getLabels(), desired.getMetadata().getLabels())) {
      return;
    }
    if (current.isEmpty() && create(context, desired)) {
      return;
    }
    context.getClient().configMaps().inNamespace(seen.namespace()).resource(desired).update();
  }
}
