package io.xmcgan.operator.workloads;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * Everything a stage's pod template needs, already in Kubernetes types: the bridge between the
 * experiment spec (plain Java in core) and the rendered Job.
 *
 * @param extraLabels labels passed through to the Job and its pods, e.g. Kueue's queue name
 */
public record PodSettings(
    String image,
    String imagePullPolicy,
    ResourceRequirements resources,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    Affinity affinity,
    String priorityClassName,
    String schedulerName,
    Map<String, String> extraLabels) {

  public PodSettings {
    nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    extraLabels = extraLabels == null ? Map.of() : Map.copyOf(extraLabels);
  }
}
