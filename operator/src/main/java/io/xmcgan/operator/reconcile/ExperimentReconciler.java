package io.xmcgan.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.xmcgan.experiment.ConditionType;
import io.xmcgan.experiment.ExperimentJson;
import io.xmcgan.experiment.ExperimentManifest;
import io.xmcgan.experiment.ExperimentResolver;
import io.xmcgan.experiment.ExperimentSpec;
import io.xmcgan.experiment.ExperimentStatus;
import io.xmcgan.experiment.ExperimentValidator;
import io.xmcgan.experiment.ImmutableFields;
import io.xmcgan.experiment.Phase;
import io.xmcgan.experiment.ResolvedExperiment;
import io.xmcgan.experiment.ValidationReport;
import io.xmcgan.operator.OperatorConfig;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.operator.events.EventRecorder;
import io.xmcgan.operator.metrics.OperatorMetrics;
import io.xmcgan.operator.observe.ChildObserver;
import io.xmcgan.operator.observe.Children;
import io.xmcgan.operator.observe.SecretCredentials;
import io.xmcgan.operator.observe.StorageObserver;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.observe.StorageTarget;
import io.xmcgan.operator.status.StatusComposer;
import io.xmcgan.operator.workloads.ChildNames;
import io.xmcgan.operator.workloads.JobRenderer;
import io.xmcgan.operator.workloads.JobRequest;
import io.xmcgan.operator.workloads.Stage;
import io.xmcgan.operator.workloads.StageSettings;
import io.xmcgan.storage.StorageCredentials;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reconciles an XmcganExperiment: observe (Jobs, Pods, the ConfigMap, storage) → validate (the
 * shared validator, then the immutable-field check) → act ({@link Lifecycle} decides, this class
 * creates and deletes Jobs, publishes events and writes the complete status).
 */
@ControllerConfiguration(name = ExperimentReconciler.NAME)
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
@RBACRule(
    apiGroups = "coordination.k8s.io",
    resources = "leases",
    verbs = {"get", "create", "update", "patch"})
public class ExperimentReconciler implements Reconciler<XmcganExperiment> {

  public static final String NAME = "xmcganexperiment";
  static final String SPEC_KEY = "spec.json";
  private static final Logger LOG = Logger.getLogger(ExperimentReconciler.class);

  private final OperatorConfig config;
  private final StorageObserver storageObserver;
  private final SecretCredentials secrets;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public ExperimentReconciler(
      OperatorConfig config,
      StorageObserver storageObserver,
      SecretCredentials secrets,
      EventRecorder events,
      OperatorMetrics metrics) {
    this.config = config;
    this.storageObserver = storageObserver;
    this.secrets = secrets;
    this.events = events;
    this.metrics = metrics;
    this.clock = Clock.systemUTC();
  }

  @Override
  public List<EventSource<?, XmcganExperiment>> prepareEventSources(
      EventSourceContext<XmcganExperiment> context) {
    metrics.countPhases(
        () ->
            context
                .getPrimaryCache()
                .list()
                .map(
                    e ->
                        e.getStatus() == null || e.getStatus().getPhase() == null
                            ? Phase.Pending.name()
                            : e.getStatus().getPhase().name())
                .toList());
    InformerEventSource<Job, XmcganExperiment> jobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, XmcganExperiment.class)
                .withName("jobs")
                .withLabelSelector(ChildNames.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(XmcganExperiment.class))
                .build(),
            context);
    InformerEventSource<ConfigMap, XmcganExperiment> configMaps =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ConfigMap.class, XmcganExperiment.class)
                .withName("configmaps")
                .withLabelSelector(ChildNames.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(XmcganExperiment.class))
                .build(),
            context);
    // Pods are owned by their Job, not by the experiment: they map back through the label.
    InformerEventSource<Pod, XmcganExperiment> pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, XmcganExperiment.class)
                .withName("pods")
                .withLabelSelector(ChildNames.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(
                    (Pod pod) -> {
                      Map<String, String> labels = pod.getMetadata().getLabels();
                      String experiment =
                          labels == null ? null : labels.get(ChildNames.EXPERIMENT_LABEL);
                      return experiment == null
                          ? Set.of()
                          : Set.of(new ResourceID(experiment, pod.getMetadata().getNamespace()));
                    })
                .build(),
            context);
    return List.of(jobs, configMaps, pods);
  }

  @Override
  public UpdateControl<XmcganExperiment> reconcile(
      XmcganExperiment resource, Context<XmcganExperiment> context) {
    Instant now = clock.instant();
    ExperimentStatus previous = StatusComposer.copy(resource.getStatus());
    String name = resource.getMetadata().getName();
    String namespace = resource.getMetadata().getNamespace();

    ValidationReport report =
        ExperimentValidator.validate(
            ExperimentManifest.of(name, namespace, resource.getSpec()),
            ExperimentValidator.Target.CLUSTER);
    if (!report.isValid()) {
      return refuse(resource, previous, "InvalidSpec", report.describe(), now);
    }

    Optional<ConfigMap> configMap =
        context
            .getSecondaryResource(ConfigMap.class)
            .filter(cm -> ChildNames.configMap(name).equals(cm.getMetadata().getName()));
    String nonce = nonce(resource.getSpec());
    Optional<ExperimentSpec> accepted = configMap.map(ExperimentReconciler::acceptedSpec);
    boolean nonceChanged =
        configMap.isPresent() && !Objects.equals(acceptedNonce(configMap.get()), nonce);
    ExperimentSpec spec = resource.getSpec();
    Optional<Plan.Failure> refusal = Optional.empty();
    if (accepted.isPresent() && !nonceChanged) {
      List<String> changed = ImmutableFields.changed(accepted.get(), spec);
      if (!changed.isEmpty()) {
        refusal =
            Optional.of(
                new Plan.Failure(
                    "",
                    "ImmutableField",
                    String.join(", ", changed)
                        + " cannot change once the experiment has started; revert the change, or"
                        + " also change spec.runPolicy.restartNonce to start over with it"));
        // The running stages keep the spec they were started with.
        spec = accepted.get();
      }
    }
    ResolvedExperiment resolved =
        ExperimentResolver.resolve(name, namespace, spec, ExperimentValidator.Target.CLUSTER);
    String run = ChildNames.run(nonce(spec));

    Children children =
        ChildObserver.observe(
            context.getSecondaryResources(Job.class),
            context.getSecondaryResources(Pod.class),
            configMap,
            run);
    StorageSnapshot storage = readStorage(resolved);
    ReconcileContext ctx =
        new ReconcileContext(resource, spec, resolved, run, children, previous, now);

    Plan plan = Lifecycle.decide(lifecycleInput(ctx, storage, nonceChanged && refusal.isEmpty()));
    Optional<String> restoredFrom = act(ctx, context.getClient(), plan, storage, refusal.isEmpty());

    refusal.ifPresent(
        r -> {
          if (!sameStall(previous, r)) {
            events.record(resource, EventRecorder.Type.Warning, r.reason(), r.message());
          }
        });
    ExperimentStatus status =
        StatusComposer.compose(
            previous,
            ctx.generation(),
            plan,
            storage,
            refusal,
            resolved.training().steps(),
            (long) resolved.training().batchSize(),
            restoredFrom,
            now);
    if (plan.phase() == Phase.Failed && previous.getPhase() != Phase.Failed) {
      plan.failure().ifPresent(f -> metrics.stageFailed(f.stage(), f.reason()));
    }
    metrics.reconciled();
    UpdateControl<XmcganExperiment> control = statusUpdate(resource, previous, status);
    plan.requeueAfter().ifPresent(control::rescheduleAfter);
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<XmcganExperiment> updateErrorStatus(
      XmcganExperiment resource, Context<XmcganExperiment> context, Exception e) {
    metrics.reconcileFailed();
    LOG.warnf(
        "reconcile of %s/%s failed (retried with backoff): %s",
        resource.getMetadata().getNamespace(), resource.getMetadata().getName(), e.getMessage());
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  private UpdateControl<XmcganExperiment> refuse(
      XmcganExperiment resource,
      ExperimentStatus previous,
      String reason,
      String message,
      Instant now) {
    Plan.Failure failure = new Plan.Failure("", reason, message);
    if (!sameStall(previous, failure)) {
      events.record(
          resource, EventRecorder.Type.Warning, reason, "The spec is invalid:\n" + message);
    }
    ExperimentStatus status = StatusComposer.copy(previous);
    long generation =
        resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    if (status.getPhase() == null) {
      status.setPhase(Phase.Pending);
    }
    status.setMessage("The spec is invalid: " + message.replace('\n', ';'));
    status.setCondition(
        ConditionType.Stalled, StatusComposer.TRUE, reason, message, generation, now);
    status.setCondition(
        ConditionType.Reconciling,
        StatusComposer.FALSE,
        reason,
        "Waiting for a valid spec",
        generation,
        now);
    status.getConditions().forEach(c -> c.setObservedGeneration(generation));
    metrics.reconciled();
    return statusUpdate(resource, previous, status);
  }

  private LifecycleInput lifecycleInput(
      ReconcileContext ctx, StorageSnapshot storage, boolean nonceChanged) {
    ExperimentStatus previous = ctx.previousStatus();
    ExperimentSpec spec = ctx.spec();
    var runPolicy = spec.getRunPolicy();
    ResolvedExperiment resolved = ctx.resolved();
    RunPolicy policy =
        new RunPolicy(
            runPolicy != null && Boolean.TRUE.equals(runPolicy.getSuspend()),
            runPolicy == null || runPolicy.getBackoffLimit() == null
                ? io.xmcgan.experiment.ExperimentDefaults.BACKOFF_LIMIT
                : runPolicy.getBackoffLimit(),
            runPolicy == null ? null : runPolicy.getActiveDeadlineSeconds(),
            runPolicy == null || runPolicy.getStartupDeadlineSeconds() == null
                ? io.xmcgan.experiment.ExperimentDefaults.STARTUP_DEADLINE_SECONDS
                : runPolicy.getStartupDeadlineSeconds(),
            runPolicy == null ? null : runPolicy.getTtlSecondsAfterFinished(),
            nonce(spec),
            resolved.evaluation().continuous(),
            resolved.data().shards(),
            resolved.data().parallelism());
    Optional<Plan.Failure> previousFailure =
        previous.getPhase() == Phase.Failed
            ? previous
                .findCondition(ConditionType.Stalled)
                .filter(c -> "True".equals(c.getStatus()))
                .map(c -> new Plan.Failure("", c.getReason(), c.getMessage()))
            : Optional.empty();
    Optional<Instant> finishedAt =
        previous
            .findCondition(ConditionType.Succeeded)
            .filter(c -> !"Unknown".equals(c.getStatus()))
            .map(c -> Instant.parse(c.getLastTransitionTime()));
    return new LifecycleInput(
        policy,
        previous.getPhase(),
        previous.getMessage(),
        previousFailure,
        finishedAt,
        nonceChanged,
        ctx.children(),
        storage,
        ctx.now(),
        config.pollInterval(),
        config.retryBaseDelay(),
        config.retryMaxDelay());
  }

  /**
   * Carries out the plan: the ConfigMap first (pods mount it), then deletions, then new Jobs, then
   * events. Returns the checkpoint a newly launched training Job resumes from.
   */
  private Optional<String> act(
      ReconcileContext ctx,
      KubernetesClient client,
      Plan plan,
      StorageSnapshot storage,
      boolean specAccepted) {
    if (specAccepted && !plan.isResetForRestart()) {
      applyConfigMap(ctx, client);
    }
    for (Plan.Removal removal : plan.removals()) {
      LOG.infof(
          "%s/%s: deleting Job %s: %s",
          ctx.namespace(), ctx.name(), removal.jobName(), removal.why());
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(ctx.namespace())
          .withName(removal.jobName())
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
    }
    Optional<String> restoredFrom = Optional.empty();
    for (Plan.Launch launch : plan.launches()) {
      Job job = JobRenderer.job(request(ctx, launch));
      try {
        client.batch().v1().jobs().inNamespace(ctx.namespace()).resource(job).create();
        LOG.infof(
            "%s/%s: created Job %s", ctx.namespace(), ctx.name(), job.getMetadata().getName());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Created by an earlier reconcile whose result the cache had not shown yet.
      }
      if (launch.stage() == Stage.TRAIN) {
        restoredFrom = storage.checkpoint().map(c -> c.uri());
      }
    }
    for (Plan.Event event : plan.events()) {
      events.record(ctx.resource(), event.type(), event.reason(), event.message());
    }
    plan.events().stream()
        .filter(e -> e.reason().endsWith("Restarted"))
        .forEach(
            e ->
                metrics.stageFailed(
                    e.reason().replace("Restarted", "").toLowerCase(), "Restarted"));
    return restoredFrom;
  }

  private JobRequest request(ReconcileContext ctx, Plan.Launch launch) {
    boolean preprocess = launch.stage() == Stage.PREPROCESS;
    var runPolicy = ctx.spec().getRunPolicy();
    int backoffLimit =
        runPolicy == null || runPolicy.getBackoffLimit() == null
            ? io.xmcgan.experiment.ExperimentDefaults.BACKOFF_LIMIT
            : runPolicy.getBackoffLimit();
    return new JobRequest(
        ctx.resource(),
        ctx.name(),
        launch.stage(),
        launch.attempt(),
        ctx.run(),
        StageSettings.pod(launch.stage(), ctx.spec(), ctx.resolved(), config),
        StageSettings.storage(ctx.resolved()),
        preprocess ? ctx.resolved().data().shards() : 1,
        preprocess ? ctx.resolved().data().parallelism() : 1,
        preprocess ? backoffLimit : 0,
        null);
  }

  private void applyConfigMap(ReconcileContext ctx, KubernetesClient client) {
    ConfigMap desired =
        JobRenderer.configMap(
            ctx.resource(), ctx.name(), ctx.run(), nonce(ctx.spec()), ctx.resolved().toJson());
    desired.getData().put(SPEC_KEY, specJson(ctx.spec()));
    Optional<ConfigMap> current = ctx.children().config();
    if (current.isPresent()
        && Objects.equals(current.get().getData(), desired.getData())
        && Objects.equals(acceptedNonce(current.get()), nonce(ctx.spec()))) {
      return;
    }
    var configMaps = client.configMaps().inNamespace(ctx.namespace());
    if (current.isEmpty()) {
      try {
        configMaps.resource(desired).create();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    configMaps.resource(desired).update();
  }

  private StorageSnapshot readStorage(ResolvedExperiment resolved) {
    String secretName = resolved.storage().credentialsSecret();
    Optional<StorageCredentials> credentials = Optional.empty();
    if (secretName != null && !secretName.isBlank()) {
      SecretCredentials.Lookup lookup = secrets.read(resolved.namespace(), secretName);
      if (lookup.error().isPresent()) {
        return StorageSnapshot.unavailable(lookup.error().get());
      }
      credentials = lookup.credentials();
    }
    return storageObserver.observe(new StorageTarget(resolved, credentials));
  }

  private static UpdateControl<XmcganExperiment> statusUpdate(
      XmcganExperiment resource, ExperimentStatus previous, ExperimentStatus status) {
    if (json(previous).equals(json(status)) && resource.getStatus() != null) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }

  private static boolean sameStall(ExperimentStatus previous, Plan.Failure failure) {
    return previous
        .findCondition(ConditionType.Stalled)
        .filter(c -> "True".equals(c.getStatus()))
        .filter(c -> failure.reason().equals(c.getReason()))
        .filter(c -> failure.message().equals(c.getMessage()))
        .isPresent();
  }

  private static String nonce(ExperimentSpec spec) {
    return spec.getRunPolicy() == null || spec.getRunPolicy().getRestartNonce() == null
        ? ""
        : spec.getRunPolicy().getRestartNonce();
  }

  private static String acceptedNonce(ConfigMap configMap) {
    Map<String, String> annotations = configMap.getMetadata().getAnnotations();
    String nonce = annotations == null ? null : annotations.get(JobRenderer.NONCE_ANNOTATION);
    return nonce == null ? "" : nonce;
  }

  private static ExperimentSpec acceptedSpec(ConfigMap configMap) {
    String json = configMap.getData() == null ? null : configMap.getData().get(SPEC_KEY);
    if (json == null) {
      return null;
    }
    try {
      return ExperimentJson.json().readValue(json, ExperimentSpec.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(
          "ConfigMap " + configMap.getMetadata().getName() + " holds an unreadable " + SPEC_KEY, e);
    }
  }

  private static String specJson(ExperimentSpec spec) {
    try {
      return ExperimentJson.json().writeValueAsString(spec);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the spec as JSON", e);
    }
  }

  private static String json(ExperimentStatus status) {
    try {
      return ExperimentJson.json().writeValueAsString(status);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the status as JSON", e);
    }
  }
}
