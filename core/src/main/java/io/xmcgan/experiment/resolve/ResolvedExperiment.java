package io.xmcgan.experiment.resolve;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.xmcgan.experiment.manifest.ExperimentJson;
import io.xmcgan.experiment.spec.Augmentation;
import io.xmcgan.experiment.spec.BuiltinDataset;
import io.xmcgan.experiment.spec.BuiltinTextEncoder;
import io.xmcgan.experiment.spec.OnBadInput;
import io.xmcgan.experiment.spec.Precision;
import io.xmcgan.experiment.spec.PullPolicy;
import io.xmcgan.json.PlainJson;
import io.xmcgan.serving.ResolvedServing;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An experiment with every default applied and the preset expanded: what the trainer, evaluator and
 * preprocessor run from. It is printed in logs and stored with every checkpoint, so a run can be
 * reproduced from it alone; {@link #fromJson(String)} reads {@link #toJson()} back equal. The
 * operator runs the stage pods from {@link #runPolicy()}, {@link #pods()} and {@link #serving()};
 * resolved JSON written before they existed reads back with them null.
 *
 * @param serving null when serving is off
 */
public record ResolvedExperiment(
    String name,
    String namespace,
    ModelConfig model,
    Data data,
    Training training,
    Evaluation evaluation,
    Storage storage,
    RunPolicy runPolicy,
    Pods pods,
    ResolvedServing serving) {

  public String toJson() {
    try {
      return ExperimentJson.json().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise resolved experiment " + name, e);
    }
  }

  /** Reading is strict (Jackson's defaults): a field this version does not know is an error. */
  public static ResolvedExperiment fromJson(String json) {
    try {
      return PlainJson.mapper().readValue(json, ResolvedExperiment.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a resolved experiment: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A training or validation source. COCO fields are null for builtin sources and vice versa.
   *
   * @param maxShapes shapes per generated image, 1 or 2 (builtin only)
   * @param grid cells per side of the generated layout, 1 to 3 (builtin only)
   */
  public record Source(
      BuiltinDataset builtin,
      Integer size,
      Long seed,
      Integer maxShapes,
      Integer grid,
      String captionsUri,
      String imagesUri) {

    public static Source shapes(int size, long seed, int maxShapes, int grid) {
      return new Source(BuiltinDataset.shapes, size, seed, maxShapes, grid, null, null);
    }

    public static Source coco(String captionsUri, String imagesUri) {
      return new Source(null, null, null, null, null, captionsUri, imagesUri);
    }
  }

  /**
   * @param textEncoderUri the user's TorchScript encoder, or null for a built-in one
   * @param textEncoderBuiltin the built-in encoder ({@link BuiltinTextEncoder#wireName()}) when
   *     textEncoderUri is null; null in both means shapes-tiny (resolved JSON written before the
   *     field existed)
   * @param vocabUri null: the encoder's own vocabulary
   */
  public record Data(
      int imageSize,
      Source source,
      Source validationSource,
      int shards,
      int parallelism,
      OnBadInput onBadInput,
      String textEncoderUri,
      String textEncoderBuiltin,
      String vocabUri,
      int maxTokens) {

    /** The built-in encoder in use, or empty when textEncoderUri names the user's. */
    public Optional<BuiltinTextEncoder> builtinTextEncoder() {
      if (textEncoderUri != null) {
        return Optional.empty();
      }
      return Optional.of(
          textEncoderBuiltin == null
              ? BuiltinTextEncoder.SHAPES_TINY
              : BuiltinTextEncoder.find(textEncoderBuiltin)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "unknown built-in text encoder '"
                                  + textEncoderBuiltin
                                  + "'; known: "
                                  + BuiltinTextEncoder.names())));
    }
  }

  /**
   * @param batchSize images per sub-step over all devices of the pod
   * @param batchSizePerDevice batchSize / devices, each device's share
   * @param gpusPerPod GPUs of the training pod; 0 trains on one CPU device
   * @param precision the arithmetic of convolutions and dense layers
   * @param augmentation what D's input images go through, real and generated alike
   * @param imageEncoderUri null only when the imageEncoder loss is off
   * @param terminationGracePeriodSeconds the training pod's time to checkpoint after SIGTERM
   */
  public record Training(
      int steps,
      int batchSize,
      int batchSizePerDevice,
      int gpusPerPod,
      Precision precision,
      Augmentation augmentation,
      int dStepsPerGStep,
      double generatorLearningRate,
      double discriminatorLearningRate,
      double beta1,
      double beta2,
      double adamEpsilon,
      double emaDecay,
      int checkpointEvery,
      int keepCheckpoints,
      long seed,
      int summaryEvery,
      String imageEncoderUri,
      long terminationGracePeriodSeconds) {

    /** The devices training runs on: the pod's GPUs, or one CPU. */
    public int devices() {
      return Math.max(1, gpusPerPod);
    }
  }

  /**
   * @param featureExtractorUri the extractor's URI, or the id of a built-in one ({@link
   *     io.xmcgan.experiment.spec.BuiltinFeatureExtractor}) when the spec names none
   * @param gpusPerPod 0 (CPU) or 1
   */
  public record Evaluation(
      int every,
      int numImages,
      int repeats,
      int inceptionSplits,
      boolean evaluateRaw,
      String featureExtractorUri,
      boolean continuous,
      int gpusPerPod) {}

  /**
   * @param experimentUri the root of the current run's objects, ending in "/":
   *     s3://bucket/prefix/namespace/name/ for the bucket form, uri/name/ for the uri form, with
   *     runs/&lt;run&gt;/ appended once spec.runPolicy.restartNonce is set ({@link
   *     io.xmcgan.storage.StorageLayout#runRoot})
   * @param uri the uri form's root, or null for the bucket form
   */
  public record Storage(
      String experimentUri,
      String uri,
      String endpoint,
      String bucket,
      String prefix,
      String credentialsSecret,
      String region,
      boolean pathStyle,
      boolean deleteOnCleanup) {}

  /**
   * @param backoffLimit crashes a stage may have before the experiment fails
   * @param activeDeadlineSeconds how long the run's stage pods may run in total, or null
   * @param startupDeadlineSeconds how long a stage's first attempt may take to start
   * @param capacityWaitSeconds how long a later attempt may wait for capacity, or null for no limit
   * @param ttlSecondsAfterFinished delete the finished experiment's Jobs after this, or null to
   *     keep
   * @param restartNonce the run's nonce, or null for the first run
   */
  public record RunPolicy(
      boolean suspend,
      int backoffLimit,
      Long activeDeadlineSeconds,
      long startupDeadlineSeconds,
      Long capacityWaitSeconds,
      Long ttlSecondsAfterFinished,
      String restartNonce) {}

  /**
   * Where and how the stage pods run: {@code spec.scheduling}, {@code spec.pod} and each stage's
   * requests and limits. Absent collections are empty; an absent value is null (the cluster's or
   * the operator's default).
   *
   * @param trainerImage the preprocessing and training image, or null for the operator's
   * @param evaluatorImage the evaluator (and serving) image, or null for the operator's
   * @param pullPolicy null: the operator's configured pull policy
   * @param queueName the Kueue LocalQueue, or null
   * @param terminationGracePeriodSeconds the preprocessing and evaluator pods'; training's is
   *     {@link Training#terminationGracePeriodSeconds()}
   * @param preprocessResources the spec's requests and limits of a stage, or null for none
   */
  public record Pods(
      String trainerImage,
      String evaluatorImage,
      PullPolicy pullPolicy,
      Map<String, String> nodeSelector,
      List<Toleration> tolerations,
      Affinity affinity,
      String priorityClassName,
      String schedulerName,
      String queueName,
      Map<String, String> labels,
      Map<String, String> annotations,
      List<EnvVar> env,
      List<String> jvmOptions,
      List<LocalObjectReference> imagePullSecrets,
      String serviceAccountName,
      List<Volume> volumes,
      List<VolumeMount> volumeMounts,
      String shmSize,
      Long terminationGracePeriodSeconds,
      ResourceRequirements preprocessResources,
      ResourceRequirements trainResources,
      ResourceRequirements evaluateResources) {

    public Pods {
      nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
      tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
      labels = labels == null ? Map.of() : Map.copyOf(labels);
      annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
      env = env == null ? List.of() : List.copyOf(env);
      jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
      imagePullSecrets = imagePullSecrets == null ? List.of() : List.copyOf(imagePullSecrets);
      volumes = volumes == null ? List.of() : List.copyOf(volumes);
      volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
    }
  }
}
