package io.xmcgan.operator.workloads;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.xmcgan.experiment.resolve.PodLayout;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.operator.OperatorConfig;
import io.xmcgan.serving.ResolvedServing;
import io.xmcgan.stage.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Derives each stage's and the serving pods' settings from the resolved experiment and the
 * operator's defaults.
 */
public final class StageSettings {

  /** Kueue admits Jobs carrying this label through the named LocalQueue. */
  public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

  private StageSettings() {}

  public static PodSettings pod(Stage stage, ResolvedExperiment resolved, OperatorConfig config) {
    ResolvedExperiment.Pods pods = resolved.pods();
    boolean gpu = gpus(stage, resolved) > 0;
    String image =
        switch (stage) {
          case PREPROCESS -> Optional.ofNullable(pods.trainerImage()).orElse(config.trainerImage());
          case TRAIN ->
              Optional.ofNullable(pods.trainerImage())
                  .orElse(gpu ? config.trainerGpuImage() : config.trainerImage());
          case EVALUATE ->
              Optional.ofNullable(pods.evaluatorImage())
                  .orElse(gpu ? config.evaluatorGpuImage() : config.evaluatorImage());
        };
    return settings(
        pods,
        image,
        resources(stage, resolved),
        stage == Stage.TRAIN
            ? Long.valueOf(resolved.training().terminationGracePeriodSeconds())
            : pods.terminationGracePeriodSeconds(),
        config);
  }

  /**
   * The serving pods: {@code spec.serving.image}, else the evaluator image (the CPU flavour: a
   * server on one checkpoint does not need a GPU); the experiment's scheduling and pod settings.
   */
  public static PodSettings serving(
      ResolvedExperiment resolved, ResolvedServing serving, OperatorConfig config) {
    ResolvedExperiment.Pods pods = resolved.pods();
    String image =
        Optional.ofNullable(serving.image())
            .or(() -> Optional.ofNullable(pods.evaluatorImage()))
            .orElse(config.evaluatorImage());
    return settings(pods, image, serving.resources(), pods.terminationGracePeriodSeconds(), config);
  }

  /**
   * @param gracePeriod the pod's termination grace period, or null for the cluster's default
   */
  private static PodSettings settings(
      ResolvedExperiment.Pods pods,
      String image,
      ResourceRequirements resources,
      Long gracePeriod,
      OperatorConfig config) {
    String pullPolicy =
        pods.pullPolicy() != null ? pods.pullPolicy().name() : config.imagePullPolicy();
    Map<String, String> extraLabels = new HashMap<>(pods.labels());
    if (pods.queueName() != null) {
      extraLabels.put(KUEUE_QUEUE_LABEL, pods.queueName());
    }
    return new PodSettings(
        image,
        pullPolicy,
        resources,
        pods.nodeSelector(),
        pods.tolerations(),
        pods.affinity(),
        pods.priorityClassName(),
        pods.schedulerName(),
        extraLabels,
        pods.annotations(),
        env(pods),
        pods.imagePullSecrets(),
        pods.serviceAccountName(),
        pods.volumes(),
        pods.volumeMounts(),
        pods.shmSize(),
        gracePeriod);
  }

  /**
   * The user's variables, then {@code jvmOptions} as {@value PodLayout#JVM_OPTIONS_VARIABLE}: the
   * java launcher reads it after the image's {@code JAVA_TOOL_OPTIONS}, so a user's option wins.
   */
  private static List<EnvVar> env(ResolvedExperiment.Pods pods) {
    List<EnvVar> env = new ArrayList<>(pods.env());
    if (!pods.jvmOptions().isEmpty()) {
      env.add(
          new EnvVar(PodLayout.JVM_OPTIONS_VARIABLE, String.join(" ", pods.jvmOptions()), null));
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
  static ResourceRequirements resources(Stage stage, ResolvedExperiment resolved) {
    ResolvedExperiment.Pods pods = resolved.pods();
    ResourceRequirements declared =
        switch (stage) {
          case PREPROCESS -> pods.preprocessResources();
          case TRAIN -> pods.trainResources();
          case EVALUATE -> pods.evaluateResources();
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
