package io.xmcgan.operator.workloads;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.xmcgan.experiment.ExperimentSpec;
import io.xmcgan.experiment.ImagesSpec;
import io.xmcgan.experiment.PodLayout;
import io.xmcgan.experiment.PodSettingsSpec;
import io.xmcgan.experiment.ResolvedExperiment;
import io.xmcgan.experiment.SchedulingSpec;
import io.xmcgan.operator.OperatorConfig;
import io.xmcgan.serving.ResolvedServing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Derives each stage's and the serving pods' settings from the experiment spec and the operator's
 * defaults.
 */
public final class StageSettings {

  /** Kueue admits Jobs carrying this label through the named LocalQueue. */
  public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

  private StageSettings() {}

  public static PodSettings pod(
      Stage stage, ExperimentSpec spec, ResolvedExperiment resolved, OperatorConfig config) {
    ImagesSpec images = images(spec);
    boolean gpu = gpus(stage, resolved) > 0;
    String image =
        switch (stage) {
          case PREPROCESS -> Optional.ofNullable(images.getTrainer()).orElse(config.trainerImage());
          case TRAIN ->
              Optional.ofNullable(images.getTrainer())
                  .orElse(gpu ? config.trainerGpuImage() : config.trainerImage());
          case EVALUATE ->
              Optional.ofNullable(images.getEvaluator())
                  .orElse(gpu ? config.evaluatorGpuImage() : config.evaluatorImage());
        };
    return settings(
        spec,
        image,
        resources(stage, spec, resolved),
        stage == Stage.TRAIN
            ? Long.valueOf(resolved.training().terminationGracePeriodSeconds())
            : null,
        config);
  }

  /**
   * The serving pods: {@code spec.serving.image}, else the evaluator image (the CPU flavour: a
   * server on one checkpoint does not need a GPU); the experiment's scheduling and pod settings.
   */
  public static PodSettings serving(
      ExperimentSpec spec, ResolvedServing serving, OperatorConfig config) {
    String image =
        Optional.ofNullable(serving.image())
            .or(() -> Optional.ofNullable(images(spec).getEvaluator()))
            .orElse(config.evaluatorImage());
    return settings(spec, image, serving.resources(), null, config);
  }

  private static ImagesSpec images(ExperimentSpec spec) {
    SchedulingSpec scheduling =
        Optional.ofNullable(spec.getScheduling()).orElseGet(SchedulingSpec::new);
    return Optional.ofNullable(scheduling.getImages()).orElseGet(ImagesSpec::new);
  }

  /**
   * @param gracePeriod the pod's termination grace period, or null for the spec's pod setting
   */
  private static PodSettings settings(
      ExperimentSpec spec,
      String image,
      ResourceRequirements resources,
      Long gracePeriod,
      OperatorConfig config) {
    SchedulingSpec scheduling =
        Optional.ofNullable(spec.getScheduling()).orElseGet(SchedulingSpec::new);
    ImagesSpec images = images(spec);
    PodSettingsSpec pod = Optional.ofNullable(spec.getPod()).orElseGet(PodSettingsSpec::new);
    String pullPolicy =
        images.getPullPolicy() != null ? images.getPullPolicy().name() : config.imagePullPolicy();
    Map<String, String> extraLabels = new HashMap<>();
    if (pod.getLabels() != null) {
      extraLabels.putAll(pod.getLabels());
    }
    if (scheduling.getQueueName() != null && !scheduling.getQueueName().isBlank()) {
      extraLabels.put(KUEUE_QUEUE_LABEL, scheduling.getQueueName());
    }
    return new PodSettings(
        image,
        pullPolicy,
        resources,
        scheduling.getNodeSelector(),
        scheduling.getTolerations(),
        scheduling.getAffinity(),
        scheduling.getPriorityClassName(),
        scheduling.getSchedulerName(),
        extraLabels,
        pod.getAnnotations(),
        env(pod),
        pod.getImagePullSecrets(),
        pod.getServiceAccountName(),
        pod.getVolumes(),
        pod.getVolumeMounts(),
        pod.getShmSize(),
        gracePeriod != null ? gracePeriod : pod.getTerminationGracePeriodSeconds());
  }

  /**
   * The user's variables, then {@code jvmOptions} as {@value PodLayout#JVM_OPTIONS_VARIABLE}: the
   * java launcher reads it after the image's {@code JAVA_TOOL_OPTIONS}, so a user's option wins.
   */
  private static List<EnvVar> env(PodSettingsSpec pod) {
    List<EnvVar> env = new ArrayList<>();
    if (pod.getEnv() != null) {
      env.addAll(pod.getEnv());
    }
    if (pod.getJvmOptions() != null && !pod.getJvmOptions().isEmpty()) {
      env.add(
          new EnvVar(PodLayout.JVM_OPTIONS_VARIABLE, String.join(" ", pod.getJvmOptions()), null));
    }
    return env;
  }

  /** GPUs of a stage's pod: training's and the evaluator's from the spec; none to preprocess. */
  static int gpus(Stage stage, ResolvedExperiment resolved) {
    return switch (stage) {
      case PREPROCESS -> 0;
      case TRAIN -> resolved.training().gpusPerPod();
      case EVALUATE -> resolved.evaluation().gpusPerPod();
    };
  }

  public static StorageEnv storage(ResolvedExperiment resolved) {
    ResolvedExperiment.Storage storage = resolved.storage();
    return new StorageEnv(
        storage.endpoint(), storage.region(), storage.pathStyle(), storage.credentialsSecret());
  }

  /**
   * The spec's requests and limits of the stage; the training and evaluator pods also get {@code
   * nvidia.com/gpu = gpusPerPod} as request and limit (GPUs cannot be overcommitted).
   */
  static ResourceRequirements resources(
      Stage stage, ExperimentSpec spec, ResolvedExperiment resolved) {
    ResourceRequirements declared =
        switch (stage) {
          case PREPROCESS ->
              spec.getDataset().getPreprocessing() == null
                  ? null
                  : spec.getDataset().getPreprocessing().getResources();
          case TRAIN -> spec.getTraining().getResources();
          case EVALUATE ->
              spec.getEvaluation() == null ? null : spec.getEvaluation().getResources();
        };
    ResourceRequirementsBuilder builder =
        declared == null
            ? new ResourceRequirementsBuilder()
            : new ResourceRequirementsBuilder(declared);
    int gpus = gpus(stage, resolved);
    if (gpus > 0) {
      Quantity quantity = new Quantity(Integer.toString(gpus));
      builder.addToRequests(JobRenderer.GPU_RESOURCE, quantity);
      builder.addToLimits(JobRenderer.GPU_RESOURCE, quantity);
    }
    ResourceRequirements result = builder.build();
    boolean empty =
        (result.getRequests() == null || result.getRequests().isEmpty())
            && (result.getLimits() == null || result.getLimits().isEmpty());
    return empty ? null : result;
  }
}
