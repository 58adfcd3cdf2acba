package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.xmcgan.experiment.resolve.PodLayout;
import io.xmcgan.experiment.validation.ExperimentValidator;
import java.util.List;
import java.util.Map;

/**
 * Settings of every stage pod beyond placement, after Kubeflow's pod-template overrides: the
 * environment, identity, metadata, extra volumes, shared memory and the grace period
 * (docs/experiment-reference.md, "spec.pod").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "env",
  "jvmOptions",
  "imagePullSecrets",
  "serviceAccountName",
  "labels",
  "annotations",
  "volumes",
  "volumeMounts",
  "shmSize",
  "terminationGracePeriodSeconds"
})
public class PodSettingsSpec {

  /** One JVM option: starts with '-', no whitespace. */
  static final String JVM_OPTION = "^-\\S*$";

  @JsonPropertyDescription(
      "Extra environment variables of the main container, e.g. PYTORCH_CUDA_ALLOC_CONF or"
          + " NCCL_DEBUG. Names starting with XMCGAN_ are the operator's.")
  @Size(max = ExperimentValidator.MAX_ENV)
  @ValidationRule(
      value = "self.all(e, !e.name.startsWith('" + PodLayout.ENV_PREFIX + "'))",
      message = "names starting with " + PodLayout.ENV_PREFIX + " are set by the operator")
  private List<EnvVar> env;

  @JsonPropertyDescription(
      "Extra JVM options (passed as JDK_JAVA_OPTIONS, after the image's own), one option per"
          + " item, e.g. -Xlog:gc.")
  private List<@Pattern(PodSettingsSpec.JVM_OPTION) String> jvmOptions;

  @JsonPropertyDescription("Secrets to pull private images with.")
  private List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription(
      "ServiceAccount of the pods. With a pod identity (EKS IRSA or Pod Identity) storage can be"
          + " used without storage.credentialsSecret.")
  @Pattern(ExperimentValidator.DNS_SUBDOMAIN)
  @Size(max = 253)
  private String serviceAccountName;

  @JsonPropertyDescription("Extra labels of the Jobs and their pods.")
  @Size(max = ExperimentValidator.MAX_POD_LABELS)
  @ValidationRule(
      value = "self.all(k, !k.startsWith('" + PodLayout.LABEL_PREFIX + "'))",
      message = "keys starting with " + PodLayout.LABEL_PREFIX + " are the operator's")
  private Map<
          String,
          @Pattern(ExperimentValidator.LABEL_VALUE) @Size(max = ExperimentValidator.MAX_LABEL_VALUE)
          String>
      labels;

  @JsonPropertyDescription("Extra annotations of the pods.")
  private Map<String, String> annotations;

  @JsonPropertyDescription("Extra volumes of the pods.")
  private List<Volume> volumes;

  @JsonPropertyDescription("Mounts of the extra volumes in the main container.")
  private List<VolumeMount> volumeMounts;

  @JsonPropertyDescription(
      "Size of a memory-backed /dev/shm (a quantity such as 8Gi); counts against the pod's memory"
          + " limit. Default: the container runtime's 64 MiB.")
  @Pattern(ExperimentValidator.QUANTITY_PATTERN)
  @Size(max = 64)
  @ValidationRule(
      value = "!self.matches('" + ExperimentValidator.ZERO_QUANTITY_PATTERN + "')",
      message = "must be a positive quantity")
  private String shmSize;

  @JsonPropertyDescription(
      "Seconds a pod has after SIGTERM (preemption, eviction, suspend) before SIGKILL. The trainer"
          + " finishes its step and writes a checkpoint in this time. Default for training pods:"
          + " sized per model preset (tiny 60, coco-128 180, coco-256 240); for the others"
          + " Kubernetes' 30.")
  @Min(0)
  private Long terminationGracePeriodSeconds;

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public List<String> getJvmOptions() {
    return jvmOptions;
  }

  public void setJvmOptions(List<String> jvmOptions) {
    this.jvmOptions = jvmOptions;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  public List<Volume> getVolumes() {
    return volumes;
  }

  public void setVolumes(List<Volume> volumes) {
    this.volumes = volumes;
  }

  public List<VolumeMount> getVolumeMounts() {
    return volumeMounts;
  }

  public void setVolumeMounts(List<VolumeMount> volumeMounts) {
    this.volumeMounts = volumeMounts;
  }

  public String getShmSize() {
    return shmSize;
  }

  public void setShmSize(String shmSize) {
    this.shmSize = shmSize;
  }

  public Long getTerminationGracePeriodSeconds() {
    return terminationGracePeriodSeconds;
  }

  public void setTerminationGracePeriodSeconds(Long terminationGracePeriodSeconds) {
    this.terminationGracePeriodSeconds = terminationGracePeriodSeconds;
  }
}
