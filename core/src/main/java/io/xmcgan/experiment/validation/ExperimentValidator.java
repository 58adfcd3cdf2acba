package io.xmcgan.experiment.validation;

import io.fabric8.kubernetes.api.model.Toleration;
import io.xmcgan.experiment.manifest.ExperimentManifest;
import io.xmcgan.experiment.manifest.ManifestMetadata;
import io.xmcgan.experiment.resolve.ChannelPlan;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.resolve.ModelPresets;
import io.xmcgan.experiment.spec.BuiltinTextEncoder;
import io.xmcgan.experiment.spec.DataSourceSpec;
import io.xmcgan.experiment.spec.DatasetSpec;
import io.xmcgan.experiment.spec.EvaluationSpec;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.spec.ImagesSpec;
import io.xmcgan.experiment.spec.LossTermSpec;
import io.xmcgan.experiment.spec.LossesSpec;
import io.xmcgan.experiment.spec.ModelSpec;
import io.xmcgan.experiment.spec.PreprocessingSpec;
import io.xmcgan.experiment.spec.RunPolicySpec;
import io.xmcgan.experiment.spec.SchedulingSpec;
import io.xmcgan.experiment.spec.StorageSpec;
import io.xmcgan.experiment.spec.TextEncoderSpec;
import io.xmcgan.experiment.spec.TrainingSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The form of an experiment as written: each field's type, range and pattern, required fields,
 * exclusive choices. It reports every violation at once, each as {@code path: message, got value}.
 * The rules between fields that involve defaults are {@link CrossFieldRules}, on the resolved
 * value; {@link ExperimentResolver#validate} runs both for the operator, the images and {@code
 * xmcgan validate}.
 */
public final class ExperimentValidator {

  /** Where the experiment will run: a cluster needs shared object storage, a local run does not. */
  public enum Target {
    LOCAL,
    CLUSTER
  }

  /** s3://bucket[/key] or file:///absolute/path. */
  public static final String URI_PATTERN =
      "^(s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?|file:///.*)$";

  /** S3 bucket naming rules: 3 to 63 lowercase letters, digits, dots and hyphens. */
  public static final String BUCKET_PATTERN = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

  public static final String ENDPOINT_PATTERN = "^https?://[^\\s/]+(/.*)?$";

  /**
   * Longest experiment name: the operator derives child names such as {@code <name>-preprocess} and
   * pod names add a suffix, all of which must stay within Kubernetes' 63 characters.
   */
  public static final int MAX_NAME_LENGTH = 48;

  /**
   * Any Kubernetes quantity (resource.Quantity's syntax: sign, number, binary or decimal suffix or
   * exponent), as the API server parses requests and limits.
   */
  public static final String KUBERNETES_QUANTITY_PATTERN =
      "^[+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

  /** A non-negative Kubernetes quantity such as 8Gi, 512M or 1.5G. */
  public static final String QUANTITY_PATTERN =
      "^(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[kMGTPE])?$";

  /** A value of 0 (0, 0.0, 0Gi, ...): a size that must be positive. */
  public static final String ZERO_QUANTITY_PATTERN = "^[0.]+[^1-9]*$";

  /** An image reference: at least one character, no whitespace. */
  public static final String IMAGE_PATTERN = "^\\S+$";

  /**
   * Upper bounds the CRD states so that the API server can bound the cost of its CEL rules
   * (docs/experiment-reference.md, "Validation at admission"); the validator checks them too.
   */
  public static final int MAX_URI_LENGTH = 2048;

  public static final int MAX_LABEL_VALUE = 63;
  public static final int MAX_TOLERATIONS = 64;
  public static final int MAX_ENV = 256;
  public static final int MAX_POD_LABELS = 64;

  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  public static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";
  static final String LABEL_NAME = "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";
  private static final Set<String> TOLERATION_EFFECTS =
      Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private final List<Violation> violations = new ArrayList<>();

  private ExperimentValidator() {}

  /** Checks the form of a whole manifest: apiVersion, kind, metadata and spec. */
  public static ValidationReport checkForm(ExperimentManifest manifest, Target target) {
    ExperimentValidator validator = new ExperimentValidator();
    validator.checkManifest(manifest, target);
    return new ValidationReport(validator.violations);
  }

  /** Checks the form of a spec alone, e.g. of a custom resource whose metadata the API checked. */
  public static ValidationReport checkForm(ExperimentSpec spec, Target target) {
    ExperimentValidator validator = new ExperimentValidator();
    validator.checkSpec(spec, target);
    return new ValidationReport(validator.violations);
  }

  private void checkManifest(ExperimentManifest manifest, Target target) {
    if (!ExperimentManifest.API_VERSION.equals(manifest.apiVersion())) {
      error("apiVersion", "must be " + ExperimentManifest.API_VERSION, manifest.apiVersion());
    }
    if (!ExperimentManifest.KIND.equals(manifest.kind())) {
      error("kind", "must be " + ExperimentManifest.KIND, manifest.kind());
    }
    ManifestMetadata metadata = manifest.metadata();
    if (metadata == null || metadata.name() == null) {
      violations.add(Violation.error("metadata.name", "is required (a DNS-1123 label)"));
    } else {
      checkName(
          "metadata.name",
          metadata.name(),
          DNS_LABEL,
          MAX_NAME_LENGTH,
          "a DNS-1123 label (lowercase letters, digits, '-')");
    }
    if (metadata != null && metadata.namespace() != null) {
      checkName("metadata.namespace", metadata.namespace(), DNS_LABEL, 63, "a DNS-1123 label");
    }
    if (metadata != null) {
      violations.addAll(PodSettingsCheck.checkMetadata(metadata));
    }
    if (manifest.spec() == null) {
      violations.add(Violation.error("spec", "is required"));
    } else {
      checkSpec(manifest.spec(), target);
    }
  }

  private void checkSpec(ExperimentSpec spec, Target target) {
    ModelConfig preset = checkModel(spec);
    checkDataset(spec, preset);
    TrainingSpec training = spec.getTraining();
    if (training == null) {
      violations.add(Violation.error("spec.training", "is required (at least training.steps)"));
    } else {
      checkTraining(training);
    }
    checkEvaluation(spec.getEvaluation());
    boolean podIdentity = spec.getPod() != null && spec.getPod().getServiceAccountName() != null;
    checkStorage(spec.getStorage(), target, podIdentity);
    checkScheduling(spec.getScheduling());
    violations.addAll(PodSettingsCheck.check(spec.getPod(), "spec.pod"));
    checkRunPolicy(spec.getRunPolicy());
    violations.addAll(ServingCheck.check(spec.getServing(), "spec.serving"));
  }

  /** Returns the preset when it is known, so later checks can compare against it. */
  private ModelConfig checkModel(ExperimentSpec spec) {
    ModelSpec model = spec.getModel();
    if (model == null) {
      violations.add(
          Violation.error(
              "spec.model", "is required (at least model.preset: one of " + presets() + ")"));
      return null;
    }
    ModelConfig preset = null;
    if (model.getPreset() == null) {
      violations.add(Violation.error("spec.model.preset", "is required: one of " + presets()));
    } else {
      preset = ModelPresets.find(model.getPreset()).orElse(null);
      if (preset == null) {
        error("spec.model.preset", "must be one of " + presets(), model.getPreset());
      }
    }
    atLeast("spec.model.gfDim", model.getGfDim(), 1);
    atLeast("spec.model.dfDim", model.getDfDim(), 1);
    atLeast("spec.model.zDim", model.getZDim(), 1);
    atLeast("spec.model.textDim", model.getTextDim(), 1);
    DatasetSpec dataset = spec.getDataset();
    Optional<BuiltinTextEncoder> builtinEncoder =
        dataset == null
            ? Optional.empty()
            : BuiltinTextEncoder.effective(dataset.getTextEncoder(), dataset.getSource());
    if (model.getTextDim() != null
        && builtinEncoder.isPresent()
        && model.getTextDim() != builtinEncoder.get().width()) {
      error(
          "spec.model.textDim",
          "must equal "
              + builtinEncoder.get().width()
              + ", the width of the built-in text encoder "
              + builtinEncoder.get().wireName()
              + " (leave it out to follow the encoder), unless dataset.textEncoder.uri names an"
              + " encoder of that width",
          model.getTextDim());
    }
    LossesSpec losses = model.getLosses();
    if (losses != null) {
      checkLossTerm("spec.model.losses.sentence", losses.getSentence());
      checkLossTerm("spec.model.losses.word", losses.getWord());
      checkLossTerm("spec.model.losses.image", losses.getImage());
      checkLossTerm("spec.model.losses.imageEncoder", losses.getImageEncoder());
    }
    return preset;
  }

  private void checkLossTerm(String path, LossTermSpec term) {
    if (term != null && term.getWeight() != null) {
      double weight = term.getWeight();
      if (!Double.isFinite(weight) || weight < 0) {
        error(path + ".weight", "must be a finite number >= 0", weight);
      }
    }
  }

  private void checkDataset(ExperimentSpec spec, ModelConfig preset) {
    DatasetSpec dataset = spec.getDataset();
    if (dataset == null) {
      violations.add(
          Violation.error(
              "spec.dataset",
              "is required (at least dataset.source: builtin: shapes, or captionsUri + imagesUri)"));
      return;
    }
    boolean uriSource = checkSource("spec.dataset.source", dataset.getSource(), true);
    if (dataset.getValidationSource() != null) {
      checkSource("spec.dataset.validationSource", dataset.getValidationSource(), false);
    } else if (uriSource) {
      violations.add(
          Violation.error(
              "spec.dataset.validationSource",
              "is required when source uses captionsUri/imagesUri (e.g. the COCO val2014 split)"));
    }
    Integer imageSize = dataset.getImageSize();
    if (imageSize != null && !ChannelPlan.SUPPORTED_IMAGE_SIZES.contains(imageSize)) {
      error(
          "spec.dataset.imageSize",
          "must be one of " + joined(ChannelPlan.SUPPORTED_IMAGE_SIZES),
          imageSize);
    }
    PreprocessingSpec preprocessing = dataset.getPreprocessing();
    if (preprocessing != null) {
      atLeast("spec.dataset.preprocessing.shards", preprocessing.getShards(), 1);
      atLeast("spec.dataset.preprocessing.parallelism", preprocessing.getParallelism(), 1);
    }
    TextEncoderSpec encoder = dataset.getTextEncoder();
    if (encoder != null) {
      checkTextEncoderChoice(encoder, dataset.getSource());
      checkUri("spec.dataset.textEncoder.uri", encoder.getUri());
      checkUri("spec.dataset.textEncoder.vocabUri", encoder.getVocabUri());
      Integer maxTokens = encoder.getMaxTokens();
      if (maxTokens != null && (maxTokens < 3 || maxTokens > 512)) {
        error("spec.dataset.textEncoder.maxTokens", "must be between 3 and 512", maxTokens);
      } else if (maxTokens != null && preset != null && maxTokens != preset.maxTokens()) {
        violations.add(
            Violation.warning(
                "spec.dataset.textEncoder.maxTokens",
                "differs from the reference "
                    + preset.maxTokens()
                    + "; results will not be comparable with the paper's",
                maxTokens));
      }
    }
    if (preset != null
        && preset.textDim() == 768
        && (encoder == null || encoder.getUri() == null)) {
      String builtin =
          BuiltinTextEncoder.effective(encoder, dataset.getSource())
              .map(e -> e.wireName() + " (" + e.width() + "-d)")
              .orElse("encoder");
      violations.add(
          Violation.warning(
              "spec.dataset.textEncoder.uri",
              "is not set: the built-in "
                  + builtin
                  + " is used instead of BERT-base (768-d), so results will not be comparable"
                  + " with the paper's (docs/preprocessing.md: exporting BERT-base)",
              null));
    }
  }

  /** builtin and uri exclude each other; minilm-l6 (named or the default) brings its tokenizer. */
  private void checkTextEncoderChoice(TextEncoderSpec encoder, DataSourceSpec source) {
    String builtin = encoder.getBuiltin();
    if (builtin != null && BuiltinTextEncoder.find(builtin).isEmpty()) {
      error(
          "spec.dataset.textEncoder.builtin",
          "must be one of " + BuiltinTextEncoder.names(),
          builtin);
    }
    if (builtin != null && encoder.getUri() != null) {
      error(
          "spec.dataset.textEncoder.builtin",
          "cannot be combined with textEncoder.uri: name a built-in encoder or your own file,"
              + " not both",
          builtin);
    }
    if (encoder.getVocabUri() != null
        && BuiltinTextEncoder.effective(encoder, source).orElse(null)
            == BuiltinTextEncoder.MINILM_L6) {
      error(
          "spec.dataset.textEncoder.vocabUri",
          "cannot be used with the built-in minilm-l6 encoder (the default for captionsUri"
              + " sources), which brings its own tokenizer; set textEncoder.uri for your own"
              + " encoder",
          encoder.getVocabUri());
    }
  }

  /**
   * Checks one source and returns whether it is the URI form.
   *
   * @param required whether the source's absence is an error (the training source's is)
   */
  private boolean checkSource(String path, DataSourceSpec source, boolean required) {
    if (source == null) {
      if (required) {
        violations.add(
            Violation.error(path, "is required: builtin: shapes, or captionsUri + imagesUri"));
      }
      return false;
    }
    boolean builtin = source.getBuiltin() != null;
    boolean uris = source.getCaptionsUri() != null || source.getImagesUri() != null;
    if (builtin && uris) {
      violations.add(
          Violation.error(path, "set either builtin or captionsUri + imagesUri, not both", null));
      return false;
    }
    if (!builtin && !uris) {
      violations.add(
          Violation.error(
              path, "set builtin: shapes (with size, seed), or captionsUri and imagesUri"));
      return false;
    }
    if (builtin) {
      atLeast(path + ".size", source.getSize(), 1);
      Integer maxShapes = source.getMaxShapes();
      if (maxShapes != null && (maxShapes < 1 || maxShapes > 2)) {
        error(path + ".maxShapes", "must be 1 or 2", maxShapes);
      }
      Integer grid = source.getGrid();
      if (grid != null && (grid < 1 || grid > 3)) {
        error(path + ".grid", "must be 1, 2 or 3", grid);
      }
      return false;
    }
    if (source.getSize() != null) {
      error(path + ".size", "applies only to builtin sources", source.getSize());
    }
    if (source.getSeed() != null) {
      error(path + ".seed", "applies only to builtin sources", source.getSeed());
    }
    if (source.getMaxShapes() != null) {
      error(path + ".maxShapes", "applies only to builtin sources", source.getMaxShapes());
    }
    if (source.getGrid() != null) {
      error(path + ".grid", "applies only to builtin sources", source.getGrid());
    }
    requireUri(path + ".captionsUri", source.getCaptionsUri());
    requireUri(path + ".imagesUri", source.getImagesUri());
    return true;
  }

  private void checkTraining(TrainingSpec training) {
    String path = "spec.training";
    if (training.getSteps() == null) {
      violations.add(Violation.error(path + ".steps", "is required (an integer >= 1)"));
    } else {
      atLeast(path + ".steps", training.getSteps(), 1);
    }
    atLeast(path + ".gpusPerPod", training.getGpusPerPod(), 0);
    atLeast(path + ".batchSize", training.getBatchSize(), 1);
    atLeast(path + ".dStepsPerGStep", training.getDStepsPerGStep(), 1);
    positive(path + ".generatorLearningRate", training.getGeneratorLearningRate());
    positive(path + ".discriminatorLearningRate", training.getDiscriminatorLearningRate());
    unitInterval(path + ".beta1", training.getBeta1());
    unitInterval(path + ".beta2", training.getBeta2());
    unitInterval(path + ".emaDecay", training.getEmaDecay());
    atLeast(path + ".checkpointEvery", training.getCheckpointEvery(), 1);
    atLeast(path + ".keepCheckpoints", training.getKeepCheckpoints(), 1);
    atLeast(path + ".summaryEvery", training.getSummaryEvery(), 1);
    if (training.getImageEncoder() != null) {
      checkUri(path + ".imageEncoder.uri", training.getImageEncoder().getUri());
    }
  }

  private void checkEvaluation(EvaluationSpec evaluation) {
    if (evaluation == null) {
      return;
    }
    String path = "spec.evaluation";
    atLeast(path + ".every", evaluation.getEvery(), 1);
    atLeast(path + ".numImages", evaluation.getNumImages(), 2);
    Integer gpus = evaluation.getGpusPerPod();
    if (gpus != null && (gpus < 0 || gpus > 1)) {
      error(path + ".gpusPerPod", "must be 0 or 1: the evaluator runs on one device", gpus);
    }
    atLeast(path + ".repeats", evaluation.getRepeats(), 1);
    atLeast(path + ".inceptionSplits", evaluation.getInceptionSplits(), 1);
    if (evaluation.getFeatureExtractor() != null) {
      checkUri(path + ".featureExtractor.uri", evaluation.getFeatureExtractor().getUri());
    }
  }

  private void checkStorage(StorageSpec storage, Target target, boolean podIdentity) {
    String path = "spec.storage";
    if (storage == null) {
      if (target == Target.CLUSTER) {
        violations.add(
            Violation.error(
                path, "is required in a cluster: set endpoint, bucket and credentialsSecret"));
      }
      return;
    }
    checkUri(path + ".uri", storage.getUri());
    atMost(path + ".uri", storage.getUri(), MAX_URI_LENGTH);
    atMost(path + ".endpoint", storage.getEndpoint(), MAX_URI_LENGTH);
    atMost(path + ".prefix", storage.getPrefix(), MAX_URI_LENGTH);
    boolean bucketForm = storage.getBucket() != null || storage.getEndpoint() != null;
    if (storage.getUri() != null && bucketForm) {
      error(path + ".uri", "set either uri or endpoint + bucket, not both", storage.getUri());
    }
    if (storage.getEndpoint() != null && !storage.getEndpoint().matches(ENDPOINT_PATTERN)) {
      error(
          path + ".endpoint",
          "must be an http:// or https:// URL such as http://minio.minio:9000",
          storage.getEndpoint());
    }
    if (storage.getBucket() != null && !storage.getBucket().matches(BUCKET_PATTERN)) {
      error(
          path + ".bucket",
          "must be a bucket name: 3-63 lowercase letters, digits, '.' and '-'",
          storage.getBucket());
    }
    if (storage.getPrefix() != null && storage.getPrefix().startsWith("/")) {
      error(path + ".prefix", "must not start with '/'", storage.getPrefix());
    }
    if (storage.getCredentialsSecret() != null) {
      checkName(
          path + ".credentialsSecret",
          storage.getCredentialsSecret(),
          DNS_SUBDOMAIN,
          253,
          "a Secret name (DNS-1123 subdomain)");
    }
    if (target == Target.CLUSTER) {
      if (storage.getUri() != null && !bucketForm) {
        error(
            path + ".uri",
            "is for local runs; in a cluster set endpoint, bucket and credentialsSecret",
            storage.getUri());
      }
      requireField(path + ".endpoint", storage.getEndpoint(), "in a cluster");
      requireField(path + ".bucket", storage.getBucket(), "in a cluster");
      if (!podIdentity) {
        requireField(
            path + ".credentialsSecret",
            storage.getCredentialsSecret(),
            "in a cluster, unless spec.pod.serviceAccountName gives the pods an identity"
                + " (EKS IRSA or Pod Identity)");
      }
    } else if (storage.getBucket() != null && storage.getEndpoint() == null) {
      requireField(path + ".endpoint", null, "with storage.bucket");
    } else if (storage.getEndpoint() != null && storage.getBucket() == null) {
      requireField(path + ".bucket", null, "with storage.endpoint");
    }
  }

  private void checkScheduling(SchedulingSpec scheduling) {
    if (scheduling == null) {
      return;
    }
    String path = "spec.scheduling";
    if (scheduling.getNodeSelector() != null) {
      for (Map.Entry<String, String> entry : scheduling.getNodeSelector().entrySet()) {
        String key = entry.getKey();
        String name = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
        String prefix = key.contains("/") ? key.substring(0, key.indexOf('/')) : null;
        if (!name.matches(LABEL_NAME)
            || name.length() > 63
            || (prefix != null && (!prefix.matches(DNS_SUBDOMAIN) || prefix.length() > 253))) {
          error(path + ".nodeSelector", "keys must be label keys ([prefix/]name)", key);
        }
        String value = entry.getValue();
        if (value == null || !value.matches(LABEL_VALUE) || value.length() > 63) {
          error(path + ".nodeSelector." + key, "must be a label value (<= 63 chars)", value);
        }
      }
    }
    if (scheduling.getTolerations() != null) {
      List<Toleration> tolerations = scheduling.getTolerations();
      if (tolerations.size() > MAX_TOLERATIONS) {
        error(
            path + ".tolerations",
            "must have at most " + MAX_TOLERATIONS + " items",
            tolerations.size());
      }
      for (int i = 0; i < tolerations.size(); i++) {
        checkToleration(path + ".tolerations[" + i + "]", tolerations.get(i));
      }
    }
    if (scheduling.getPriorityClassName() != null) {
      checkName(
          path + ".priorityClassName",
          scheduling.getPriorityClassName(),
          DNS_SUBDOMAIN,
          253,
          "a PriorityClass name (DNS-1123 subdomain)");
    }
    if (scheduling.getSchedulerName() != null) {
      checkName(
          path + ".schedulerName",
          scheduling.getSchedulerName(),
          DNS_SUBDOMAIN,
          253,
          "a scheduler name (DNS-1123 subdomain)");
    }
    if (scheduling.getQueueName() != null) {
      checkName(
          path + ".queueName",
          scheduling.getQueueName(),
          DNS_LABEL,
          63,
          "a Kueue LocalQueue name (DNS-1123 label)");
    }
    ImagesSpec images = scheduling.getImages();
    if (images != null) {
      checkImage(path + ".images.trainer", images.getTrainer());
      checkImage(path + ".images.evaluator", images.getEvaluator());
    }
  }

  private void checkToleration(String path, Toleration toleration) {
    if (toleration == null) {
      violations.add(Violation.error(path, "must be a toleration object"));
      return;
    }
    String operator = toleration.getOperator();
    if (operator != null && !operator.equals("Exists") && !operator.equals("Equal")) {
      error(path + ".operator", "must be Exists or Equal", operator);
    }
    if ("Exists".equals(operator) && toleration.getValue() != null) {
      error(path + ".value", "must be empty when operator is Exists", toleration.getValue());
    }
    if (toleration.getEffect() != null && !TOLERATION_EFFECTS.contains(toleration.getEffect())) {
      error(
          path + ".effect",
          "must be one of NoSchedule, PreferNoSchedule, NoExecute",
          toleration.getEffect());
    }
    if (toleration.getKey() == null && !"Exists".equals(operator)) {
      error(path + ".operator", "must be Exists when key is empty", operator);
    }
  }

  private void checkImage(String path, String image) {
    if (image != null && !image.matches(IMAGE_PATTERN)) {
      error(path, "must be an image reference without spaces", image);
    }
  }

  private void checkRunPolicy(RunPolicySpec runPolicy) {
    if (runPolicy == null) {
      return;
    }
    String path = "spec.runPolicy";
    atLeast(path + ".backoffLimit", runPolicy.getBackoffLimit(), 0);
    atLeast(path + ".activeDeadlineSeconds", runPolicy.getActiveDeadlineSeconds(), 1);
    atLeast(path + ".startupDeadlineSeconds", runPolicy.getStartupDeadlineSeconds(), 1);
    atLeast(path + ".capacityWaitSeconds", runPolicy.getCapacityWaitSeconds(), 1);
    atLeast(path + ".ttlSecondsAfterFinished", runPolicy.getTtlSecondsAfterFinished(), 0);
    if (runPolicy.getRestartNonce() != null && runPolicy.getRestartNonce().length() > 63) {
      error(path + ".restartNonce", "must be at most 63 characters", runPolicy.getRestartNonce());
    }
  }

  private void checkName(String path, String value, String pattern, int maxLength, String form) {
    if (value.length() > maxLength) {
      error(path, "must be at most " + maxLength + " characters", value);
    } else if (!value.matches(pattern)) {
      error(path, "must be " + form, value);
    }
  }

  private void requireUri(String path, String uri) {
    if (uri == null) {
      violations.add(Violation.error(path, "is required (s3://bucket/key or file:///path)"));
    } else {
      checkUri(path, uri);
    }
  }

  private void checkUri(String path, String uri) {
    if (uri == null) {
      return;
    }
    String problem = uriProblem(uri);
    if (problem != null) {
      error(path, problem, uri);
    }
  }

  /** Why a data or weights URI is unusable, or null when it is fine. */
  static String uriProblem(String uri) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return "must be a URI (s3://bucket/key or file:///path): " + e.getReason();
    }
    if ("s3".equals(parsed.getScheme())) {
      String bucket = parsed.getAuthority();
      if (bucket == null || !bucket.matches(BUCKET_PATTERN)) {
        return "must name a valid bucket: s3://bucket/key";
      }
      return null;
    }
    if ("file".equals(parsed.getScheme())) {
      if (parsed.getAuthority() != null
          || parsed.getPath() == null
          || !parsed.getPath().startsWith("/")) {
        return "must be an absolute file URI: file:///path";
      }
      return null;
    }
    return "scheme must be s3:// or file://";
  }

  private void requireField(String path, String value, String when) {
    if (value == null || value.isBlank()) {
      violations.add(Violation.error(path, "is required " + when));
    }
  }

  private void atMost(String path, String value, int maxLength) {
    if (value != null && value.length() > maxLength) {
      error(path, "must be at most " + maxLength + " characters", value);
    }
  }

  private void atLeast(String path, Number value, long minimum) {
    if (value != null && value.longValue() < minimum) {
      error(path, "must be >= " + minimum, value);
    }
  }

  private void positive(String path, Double value) {
    if (value != null && (!Double.isFinite(value) || value <= 0)) {
      error(path, "must be > 0", value);
    }
  }

  private void unitInterval(String path, Double value) {
    if (value != null && (!Double.isFinite(value) || value < 0 || value >= 1)) {
      error(path, "must be in [0, 1)", value);
    }
  }

  private void error(String path, String message, Object got) {
    violations.add(Violation.error(path, message, got));
  }

  private static String presets() {
    return joined(ModelPresets.names());
  }

  private static String joined(java.util.Collection<?> values) {
    return String.join(", ", values.stream().map(String::valueOf).toList());
  }
}
