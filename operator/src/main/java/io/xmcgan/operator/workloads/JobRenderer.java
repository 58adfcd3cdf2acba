package io.xmcgan.operator.workloads;

import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.xmcgan.experiment.resolve.PodLayout;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.stage.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the stage Jobs, the experiment ConfigMap and the pod every child runs (the serving
 * Deployment's too). Every pod runs as a non-root user with a read-only root file system, no
 * privilege escalation, no Kubernetes API token and a writable {@code emptyDir} at /tmp (the images
 * hold libtorch unpacked in a read-only directory, docs/images.md).
 */
public final class JobRenderer {

  public static final String CONFIG_DIR = PodLayout.CONFIG_DIR;
  public static final String CONFIG_KEY = "experiment.json";
  public static final String CONFIG_PATH = CONFIG_DIR + "/" + CONFIG_KEY;
  public static final String CONTAINER = "main";
  public static final String GPU_RESOURCE = "nvidia.com/gpu";
  public static final long RUN_AS_USER = 10001L;

  public static final String ENV_ACCESS_KEY = "XMCGAN_S3_ACCESS_KEY";
  public static final String ENV_SECRET_KEY = "XMCGAN_S3_SECRET_KEY";
  public static final String ENV_ENDPOINT = "XMCGAN_S3_ENDPOINT";
  public static final String ENV_REGION = "XMCGAN_S3_REGION";
  public static final String ENV_PATH_STYLE = "XMCGAN_S3_PATH_STYLE";
  public static final String ENV_EXPERIMENT = "XMCGAN_EXPERIMENT";
  public static final String SECRET_ACCESS_KEY = "accessKey";
  public static final String SECRET_SECRET_KEY = "secretKey";

  private JobRenderer() {}

  /** The image command of each stage (docs/architecture.md, "Data flow"). */
  public static List<String> args(Stage stage) {
    return switch (stage) {
      case PREPROCESS, TRAIN -> List.of(stage.label(), "--experiment", CONFIG_PATH);
      case EVALUATE -> List.of(stage.label(), "--experiment", CONFIG_PATH, "--watch");
    };
  }

  public static Job job(JobRequest request) {
    String name =
        ChildNames.job(request.experimentName(), request.stage(), request.attempt(), request.run());
    Map<String, String> labels = new LinkedHashMap<>(request.pod().extraLabels());
    labels.putAll(
        ChildNames.jobLabels(
            request.experimentName(), request.stage(), request.attempt(), request.run()));
    boolean indexed = request.stage() == Stage.PREPROCESS;
    PodSettings pod = request.pod();
    JobBuilder builder =
        new JobBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(request.owner().getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(Map.of(ChildNames.SPEC_HASH_ANNOTATION, request.specHash()))
            .withOwnerReferences(ownerReference(request.owner()))
            .endMetadata()
            .withNewSpec()
            .withCompletions(request.completions())
            .withParallelism(request.parallelism())
            .withCompletionMode(indexed ? "Indexed" : "NonIndexed")
            // Each shard has its own retries: one bad shard does not use up the others'.
            .withBackoffLimitPerIndex(indexed ? request.retriesPerShard() : null)
            .withBackoffLimit(indexed ? null : 0)
            // A replacement pod starts only once the pod it replaces has finished terminating.
            .withPodReplacementPolicy("Failed")
            .withPodFailurePolicy(indexed ? exitCodePolicy() : null)
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .withAnnotations(pod.annotations().isEmpty() ? null : pod.annotations())
            .endMetadata()
            .withSpec(
                podSpec(
                        request.owner(),
                        request.experimentName(),
                        pod,
                        request.storage(),
                        new ContainerBuilder().withArgs(args(request.stage())))
                    .withRestartPolicy("Never")
                    .build())
            .endTemplate()
            .endSpec();
    return builder.build();
  }

  /**
   * The experiment's resolved spec as the images read it. The spec the operator compares changes
   * with is not here but in the status ({@code lastReconciledSpec}), where users do not edit it.
   */
  public static ConfigMap configMap(
      HasMetadata owner, String experimentName, String run, String experimentJson) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(ChildNames.configMap(experimentName))
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(ChildNames.labels(experimentName, ChildNames.CONFIG_STAGE, run))
        .withOwnerReferences(ownerReference(owner))
        .endMetadata()
        .withData(Map.of(CONFIG_KEY, experimentJson))
        .build();
  }

  public static OwnerReference ownerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * Pods evicted or preempted (DisruptionTarget) do not count towards a shard's retries. Exit code
   * 2 fails the Job at once (retrying invalid input cannot help), and so does 75: a temporary
   * failure (storage down) is retried by the operator with its backoff, like one of any other
   * stage, rather than using up the shard's retries for crashes.
   */
  private static PodFailurePolicy exitCodePolicy() {
    return new PodFailurePolicyBuilder()
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .endOnPodCondition()
        .endRule()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName(CONTAINER)
        .withOperator("In")
        .withValues(ExitCode.INVALID_INPUT.code(), ExitCode.TEMPORARY.code())
        .endOnExitCodes()
        .endRule()
        .build();
  }

  /**
   * The pod every child of an experiment runs, Jobs' and the serving Deployment's: identity, pull
   * secrets, placement, security, the experiment's volumes and one container, {@link #CONTAINER},
   * with the image, environment, resources and mounts of {@code pod} added to {@code container}
   * (which brings the arguments, ports and probes).
   */
  public static PodSpecBuilder podSpec(
      HasMetadata owner,
      String experimentName,
      PodSettings pod,
      StorageEnv storage,
      ContainerBuilder container) {
    return new PodSpecBuilder()
        .withServiceAccountName(pod.serviceAccountName())
        .withImagePullSecrets(pod.imagePullSecrets().isEmpty() ? null : pod.imagePullSecrets())
        .withTerminationGracePeriodSeconds(pod.terminationGracePeriodSeconds())
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNodeSelector(pod.nodeSelector().isEmpty() ? null : pod.nodeSelector())
        .withTolerations(pod.tolerations().isEmpty() ? null : pod.tolerations())
        .withAffinity(pod.affinity())
        .withPriorityClassName(pod.priorityClassName())
        .withSchedulerName(pod.schedulerName())
        .withSecurityContext(podSecurityContext())
        .withContainers(
            container
                .withName(CONTAINER)
                .withImage(pod.image())
                .withImagePullPolicy(pod.imagePullPolicy())
                .withEnv(env(owner, experimentName, storage, pod))
                .withResources(pod.resources())
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(containerSecurityContext())
                .withVolumeMounts(volumeMounts(pod))
                .build())
        .withVolumes(volumes(experimentName, pod));
  }

  /** Non-root with the runtime's default seccomp profile. */
  private static PodSecurityContext podSecurityContext() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUN_AS_USER)
        .withRunAsGroup(RUN_AS_USER)
        .withFsGroup(RUN_AS_USER)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /** No privilege escalation, a read-only root file system and no capabilities. */
  private static SecurityContext containerSecurityContext() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withCapabilities(new CapabilitiesBuilder().withDrop("ALL").build())
        .build();
  }

  private static List<VolumeMount> volumeMounts(PodSettings pod) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(
        new VolumeMountBuilder()
            .withName(PodLayout.CONFIG_VOLUME)
            .withMountPath(CONFIG_DIR)
            .withReadOnly(true)
            .build());
    mounts.add(
        new VolumeMountBuilder()
            .withName(PodLayout.TMP_VOLUME)
            .withMountPath(PodLayout.TMP_DIR)
            .build());
    if (pod.shmSize() != null) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(PodLayout.SHM_VOLUME)
              .withMountPath(PodLayout.SHM_DIR)
              .build());
    }
    mounts.addAll(pod.volumeMounts());
    return mounts;
  }

  /**
   * The experiment config, a scratch /tmp, a memory-backed /dev/shm when {@code shmSize} is set
   * (the container runtime's default is 64 MiB), and the user's volumes.
   */
  private static List<Volume> volumes(String experimentName, PodSettings pod) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(PodLayout.CONFIG_VOLUME)
            .withNewConfigMap()
            .withName(ChildNames.configMap(experimentName))
            .endConfigMap()
            .build());
    volumes.add(
        new VolumeBuilder().withName(PodLayout.TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
    if (pod.shmSize() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName(PodLayout.SHM_VOLUME)
              .withNewEmptyDir()
              .withMedium("Memory")
              .withSizeLimit(new Quantity(pod.shmSize()))
              .endEmptyDir()
              .build());
    }
    volumes.addAll(pod.volumes());
    return volumes;
  }

  /** The experiment's identity, how to reach storage, then the user's variables. */
  private static List<EnvVar> env(
      HasMetadata owner, String experimentName, StorageEnv storage, PodSettings pod) {
    List<EnvVar> env = new ArrayList<>();
    env.add(
        new EnvVar(
            ENV_EXPERIMENT, owner.getMetadata().getNamespace() + "/" + experimentName, null));
    if (storage.endpoint() != null && !storage.endpoint().isBlank()) {
      env.add(new EnvVar(ENV_ENDPOINT, storage.endpoint(), null));
    }
    if (storage.region() != null && !storage.region().isBlank()) {
      env.add(new EnvVar(ENV_REGION, storage.region(), null));
    }
    env.add(new EnvVar(ENV_PATH_STYLE, Boolean.toString(storage.pathStyle()), null));
    if (storage.credentialsSecret() != null && !storage.credentialsSecret().isBlank()) {
      env.add(secretEnv(ENV_ACCESS_KEY, storage.credentialsSecret(), SECRET_ACCESS_KEY));
      env.add(secretEnv(ENV_SECRET_KEY, storage.credentialsSecret(), SECRET_SECRET_KEY));
    }
    env.addAll(pod.env());
    return env;
  }

  private static EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
