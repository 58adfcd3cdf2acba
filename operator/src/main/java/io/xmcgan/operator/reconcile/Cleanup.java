package io.xmcgan.operator.reconcile;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.xmcgan.experiment.resolve.ExperimentDefaults;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.spec.StorageSpec;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.PreviousRun;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.experiment.validation.InvalidExperimentException;
import io.xmcgan.operator.OperatorConfig;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.operator.events.EventRecorder;
import io.xmcgan.operator.observe.EndpointAllowList;
import io.xmcgan.operator.observe.SecretCredentials;
import io.xmcgan.operator.observe.StorageCleaner;
import io.xmcgan.operator.observe.StorageFailures;
import io.xmcgan.operator.observe.StorageLocation;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.storage.StorageCredentials;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code spec.storage.deleteOnCleanup}: while it is true the experiment carries the finalizer
 * {@value #FINALIZER}; deleting the experiment then stops its pods, deletes the objects of every
 * run it had, and removes the finalizer. Deletion is never blocked for good: after {@link
 * OperatorConfig#cleanupTimeout()} the finalizer goes anyway, with a Warning event naming what was
 * left in storage.
 */
public final class Cleanup {

  public static final String FINALIZER = "xmcgan.io/delete-storage";

  private static final Logger LOG = Logger.getLogger(Cleanup.class);

  private final OperatorConfig config;
  private final EndpointAllowList endpoints;
  private final SecretCredentials secrets;
  private final StorageCleaner cleaner;
  private final EventRecorder events;

  public Cleanup(
      OperatorConfig config,
      EndpointAllowList endpoints,
      SecretCredentials secrets,
      StorageCleaner cleaner,
      EventRecorder events) {
    this.config = config;
    this.endpoints = endpoints;
    this.secrets = secrets;
    this.cleaner = cleaner;
    this.events = events;
  }

  /** Adds the finalizer while deleteOnCleanup is true and removes it when it is turned off. */
  public XmcganExperiment keepFinalizer(
      XmcganExperiment resource, Context<XmcganExperiment> context) {
    boolean wanted = deleteOnCleanup(resource.getSpec());
    boolean present = resource.hasFinalizer(FINALIZER);
    if (wanted && !present) {
      return context.resourceOperations().addFinalizer(FINALIZER);
    }
    if (!wanted && present) {
      return context.resourceOperations().removeFinalizer(FINALIZER);
    }
    return resource;
  }

  /** One step of deleting an experiment that carries the finalizer. */
  public UpdateControl<XmcganExperiment> delete(
      XmcganExperiment resource, Context<XmcganExperiment> context, Instant now) {
    if (!resource.hasFinalizer(FINALIZER)) {
      return UpdateControl.noUpdate();
    }
    Instant giveUpAt =
        Instant.parse(resource.getMetadata().getDeletionTimestamp()).plus(config.cleanupTimeout());
    // The pods write to storage: stop them first, or they would write after the deletion.
    for (Job job : context.getSecondaryResources(Job.class)) {
      if (job.getMetadata().getDeletionTimestamp() == null) {
        context
            .getClient()
            .batch()
            .v1()
            .jobs()
            .resource(job)
            .withPropagationPolicy(DeletionPropagation.FOREGROUND)
            .delete();
      }
    }
    List<String> running =
        context.getSecondaryResources(Pod.class).stream()
            .filter(p -> p.getStatus() == null || !finished(p.getStatus().getPhase()))
            .map(p -> p.getMetadata().getName())
            .toList();
    Map<String, String> runs = roots(resource);
    if (!running.isEmpty()) {
      return retryOrGiveUp(
          resource,
          context,
          now,
          giveUpAt,
          runs,
          "pod(s) " + String.join(", ", running) + " did not stop");
    }
    List<StorageLocation> locations;
    try {
      locations = locations(resource, runs);
    } catch (IllegalStateException e) {
      return retryOrGiveUp(resource, context, now, giveUpAt, runs, e.getMessage());
    }
    int deleted = 0;
    for (StorageLocation location : locations) {
      if (!endpoints.allows(location.endpoint())) {
        return retryOrGiveUp(
            resource,
            context,
            now,
            giveUpAt,
            runs,
            endpoints.refusal("the endpoint of " + location.root(), location.endpoint()));
      }
      try {
        deleted += cleaner.deleteAll(location);
      } catch (IOException | RuntimeException e) {
        return retryOrGiveUp(
            resource, context, now, giveUpAt, runs, StorageFailures.deleting(e, location));
      }
    }
    events.record(
        resource,
        EventRecorder.Type.Normal,
        Reason.StorageDeleted,
        "Deleted " + deleted + " object(s) under " + String.join(", ", runs.keySet()));
    context.resourceOperations().removeFinalizer(FINALIZER);
    return UpdateControl.noUpdate();
  }

  private UpdateControl<XmcganExperiment> retryOrGiveUp(
      XmcganExperiment resource,
      Context<XmcganExperiment> context,
      Instant now,
      Instant giveUpAt,
      Map<String, String> runs,
      String problem) {
    if (now.isBefore(giveUpAt)) {
      LOG.infof(
          "%s/%s: cleanup waits: %s",
          resource.getMetadata().getNamespace(), resource.getMetadata().getName(), problem);
      return UpdateControl.<XmcganExperiment>noUpdate().rescheduleAfter(config.pollInterval());
    }
    events.record(
        resource,
        EventRecorder.Type.Warning,
        Reason.CleanupFailed,
        "Gave up deleting the objects under "
            + String.join(", ", runs.keySet())
            + " after "
            + config.cleanupTimeout().toSeconds()
            + "s ("
            + problem
            + "); they are left in storage and the experiment is deleted");
    context.resourceOperations().removeFinalizer(FINALIZER);
    return UpdateControl.noUpdate();
  }

  /**
   * The roots of the current run and every earlier one, each with the endpoint it used: those the
   * status lists, and the current spec's (its Jobs may have written before a status did).
   */
  private static Map<String, String> roots(XmcganExperiment resource) {
    Map<String, String> roots = new LinkedHashMap<>();
    try {
      ResolvedExperiment.Storage current =
          ExperimentResolver.resolve(
                  resource.getMetadata().getName(),
                  resource.getMetadata().getNamespace(),
                  resource.getSpec(),
                  ExperimentValidator.Target.CLUSTER)
              .storage();
      roots.put(current.experimentUri(), current.endpoint());
    } catch (InvalidExperimentException e) {
      // An invalid spec never started a Job: only the runs in the status have objects.
    }
    ExperimentStatus status = resource.getStatus();
    if (status == null || status.getRun() == null) {
      return roots;
    }
    roots.putIfAbsent(status.getRun().getStorageUri(), status.getRun().getEndpoint());
    if (status.getPreviousRuns() != null) {
      for (PreviousRun run : status.getPreviousRuns()) {
        roots.putIfAbsent(run.getStorageUri(), run.getEndpoint());
      }
    }
    return roots;
  }

  /** How to reach each root: the spec's region, addressing and key pair. */
  private List<StorageLocation> locations(XmcganExperiment resource, Map<String, String> roots) {
    StorageSpec storage = resource.getSpec().getStorage();
    Optional<StorageCredentials> credentials = credentials(resource, storage);
    List<StorageLocation> locations = new ArrayList<>();
    roots.forEach(
        (root, endpoint) ->
            locations.add(
                new StorageLocation(
                    root,
                    endpoint,
                    storage.getRegion() == null
                        ? ExperimentDefaults.STORAGE_REGION
                        : storage.getRegion(),
                    !Boolean.FALSE.equals(storage.getPathStyle()),
                    credentials)));
    return locations;
  }

  private Optional<StorageCredentials> credentials(XmcganExperiment resource, StorageSpec storage) {
    String secret = storage.getCredentialsSecret();
    if (secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    SecretCredentials.Lookup lookup = secrets.read(resource.getMetadata().getNamespace(), secret);
    if (lookup.error().isPresent()) {
      throw new IllegalStateException(lookup.error().get());
    }
    return lookup.credentials();
  }

  private static boolean deleteOnCleanup(ExperimentSpec spec) {
    return spec != null
        && spec.getStorage() != null
        && Boolean.TRUE.equals(spec.getStorage().getDeleteOnCleanup());
  }

  private static boolean finished(String phase) {
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
