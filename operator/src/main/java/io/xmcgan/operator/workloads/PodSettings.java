package io.xmcgan.operator.workloads;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;

/**
 * Everything a stage's pod template needs, already in Kubernetes types: the bridge between the
 * experiment spec (plain Java in core) and the rendered Job.
 *
 * @param extraLabels labels passed through to the Job and its pods, e.g. Kueue's queue name
 * @param env the user's extra environment, rendered after the operator's own variables
 * @param shmSize size of a memory-backed /dev/shm, or null for the runtime's default
 * @param terminationGracePeriodSeconds null for Kubernetes' default
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
    Map<String, String> extraLabels,
    Map<String, String> annotations,
    List<EnvVar> env,
    List<LocalObjectReference> imagePullSecrets,
    String serviceAccountName,
    List<Volume> volumes,
    List<VolumeMount> volumeMounts,
    String shmSize,
    Long terminationGracePeriodSeconds) {

  public PodSettings {
    nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    extraLabels = extraLabels == null ? Map.of() : Map.copyOf(extraLabels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    env = env == null ? List.of() : List.copyOf(env);
    imagePullSecrets = imagePullSecrets == null ? List.of() : List.copyOf(imagePullSecrets);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
  }
}
