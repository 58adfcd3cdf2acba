package io.xmcgan.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.operator.observe.ChildObserver;
import io.xmcgan.operator.observe.Children;
import io.xmcgan.operator.status.StatusComposer;
import io.xmcgan.operator.workloads.ChildNames;
import java.util.Collection;
import java.util.Optional;

/**
 * What one reconcile starts from, read once from the informer caches: the resource, a copy of its
 * status (left untouched for comparison), the last reconciled spec kept in that status, and the
 * children.
 */
public record Observation(
    XmcganExperiment resource,
    ExperimentStatus previous,
    Optional<ExperimentSpec> reconciledSpec,
    Collection<Job> jobs,
    Collection<Pod> pods,
    Optional<ConfigMap> config) {

  public static Observation of(XmcganExperiment resource, Context<XmcganExperiment> context) {
    ExperimentStatus previous = StatusComposer.copy(resource.getStatus());
    String configName = ChildNames.configMap(resource.getMetadata().getName());
    return new Observation(
        resource,
        previous,
        SpecCheck.read(previous.getLastReconciledSpec()),
        context.getSecondaryResources(Job.class),
        context.getSecondaryResources(Pod.class),
        context.getSecondaryResources(ConfigMap.class).stream()
            .filter(c -> configName.equals(c.getMetadata().getName()))
            .findFirst());
  }

  public String name() {
    return resource.getMetadata().getName();
  }

  public String namespace() {
    return resource.getMetadata().getNamespace();
  }

  public long generation() {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0L : generation;
  }

  /** The children, with the Jobs of runs other than {@code runId} set apart as stale. */
  public Children children(String runId) {
    return ChildObserver.observe(jobs, pods, config, runId);
  }

  /** The run the status describes, if it has begun one. */
  public Optional<String> statusRun() {
    return Optional.ofNullable(previous.getRun()).map(r -> r.getId());
  }
}
