package io.xmcgan.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.operator.workloads.ChildNames;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The informers of an experiment's children: Jobs, the ConfigMap and the serving Deployment and
 * Service (owned by the experiment) and Pods (owned by their Job or ReplicaSet, mapped back through
 * the experiment label). They cache only objects with the operator's managed-by label.
 */
final class ChildInformers {

  private ChildInformers() {}

  static List<EventSource<?, XmcganExperiment>> of(EventSourceContext<XmcganExperiment> context) {
    return List.of(
        informer(context, Job.class, Mappers.fromOwnerReferences(XmcganExperiment.class)),
        informer(context, ConfigMap.class, Mappers.fromOwnerReferences(XmcganExperiment.class)),
        informer(context, Deployment.class, Mappers.fromOwnerReferences(XmcganExperiment.class)),
        informer(context, Service.class, Mappers.fromOwnerReferences(XmcganExperiment.class)),
        informer(context, Pod.class, ChildInformers::experimentOf));
  }

  private static Set<ResourceID> experimentOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String experiment = labels == null ? null : labels.get(ChildNames.EXPERIMENT_LABEL);
    return experiment == null
        ? Set.of()
        : Set.of(new ResourceID(experiment, pod.getMetadata().getNamespace()));
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
}
