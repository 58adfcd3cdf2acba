package io.xmcgan.operator.workloads;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.xmcgan.experiment.ExperimentSpec;
import io.xmcgan.experiment.ImagesSpec;
import io.xmcgan.experiment.ResolvedExperiment;
import io.xmcgan.experiment.SchedulingSpec;
import io.xmcgan.operator.OperatorConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Derives each stage's pod settings from the experiment spec and the operator's defaults. */
public final class StageSettings {

  /** Kueue admits Jobs carrying this label through the named LocalQueue. */
  public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

  private StageSettings() {}

  public static PodSettings pod(
      Stage stage, ExperimentSpec spec, ResolvedExperiment resolved, OperatorConfig config) {
    SchedulingSpec scheduling =
        Optional.ofNullable(spec.getScheduling()).orElseGet(SchedulingSpec::new);
    ImagesSpec images = Optional.ofNullable(scheduling.getImages()).orElseGet(ImagesSpec::new);
    String image =
        switch (stage) {
          case PREPROCESS, TRAIN ->
              Optional.ofNullable(images.getTrainer()).orElse(config.trainerImage());
          case EVALUATE ->
              Optional.ofNullable(images.getEvaluator()).orElse(config.evaluatorImage());
        };
    String pullPolicy =
        images.getPullPolicy() != null ? images.getPullPolicy().name() : config.imagePullPolicy();
    Map<String, String> extraLabels = new HashMap<>();
    if (scheduling.getQueueName() != null && !scheduling.getQueueName().isBlank()) {
      extraLabels.put(KUEUE_QUEUE_LABEL, scheduling.getQueueName());
    }
    return new PodSettings(
        image,
        pullPolicy,
        resources(stage, spec, resolved),
        scheduling.getNodeSelector(),
        scheduling.getTolerations(),
        scheduling.getAffinity(),
        scheduling.getPriorityClassName(),
        scheduling.getSchedulerName(),
        extraLabels);
  }

  public static StorageEnv storage(ResolvedExperiment resolved) {
    ResolvedExperiment.Storage storage = resolved.storage();
    return new StorageEnv(
        storage.endpoint(), storage.region(), storage.pathStyle(), storage.credentialsSecret());
  }

  /**
   * The spec's requests and limits of the stage; the training pod also gets {@code nvidia.com/gpu =
   * gpusPerPod} as request and limit (GPUs cannot be overcommitted).
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
    int gpus = resolved.training().gpusPerPod();
    if (stage == Stage.TRAIN && gpus > 0) {
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
