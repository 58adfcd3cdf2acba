package io.xmcgan.experiment.resolve;

import io.xmcgan.experiment.manifest.ExperimentManifest;
import io.xmcgan.experiment.manifest.ManifestMetadata;
import io.xmcgan.experiment.spec.BuiltinFeatureExtractor;
import io.xmcgan.experiment.spec.BuiltinTextEncoder;
import io.xmcgan.experiment.spec.DataSourceSpec;
import io.xmcgan.experiment.spec.DatasetSpec;
import io.xmcgan.experiment.spec.EvaluationSpec;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.spec.FeatureExtractorSpec;
import io.xmcgan.experiment.spec.ImageEncoderSpec;
import io.xmcgan.experiment.spec.ImagesSpec;
import io.xmcgan.experiment.spec.LossTermSpec;
import io.xmcgan.experiment.spec.LossesSpec;
import io.xmcgan.experiment.spec.ModelSpec;
import io.xmcgan.experiment.spec.OnBadInput;
import io.xmcgan.experiment.spec.PodSettingsSpec;
import io.xmcgan.experiment.spec.PreprocessingSpec;
import io.xmcgan.experiment.spec.RunPolicySpec;
import io.xmcgan.experiment.spec.SchedulingSpec;
import io.xmcgan.experiment.spec.StorageSpec;
import io.xmcgan.experiment.spec.TextEncoderSpec;
import io.xmcgan.experiment.spec.TrainingSpec;
import io.xmcgan.experiment.validation.CrossFieldRules;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.experiment.validation.InvalidExperimentException;
import io.xmcgan.experiment.validation.ValidationReport;
import io.xmcgan.experiment.validation.Violation;
import io.xmcgan.serving.ResolvedServing;
import io.xmcgan.storage.StorageLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a manifest into a {@link ResolvedExperiment}: preset expanded, every default applied. The
 * order is: the spec's form ({@link ExperimentValidator}), then resolution, then the rules between
 * fields on the resolved value ({@link CrossFieldRules}); a spec is resolved once.
 */
public final class ExperimentResolver {

  private ExperimentResolver() {}

  /** Every violation of a manifest: apiVersion, kind, metadata and spec. */
  public static ValidationReport validate(
      ExperimentManifest manifest, ExperimentValidator.Target target) {
    return check(manifest, target).report();
  }

  /**
   * Validates and resolves a manifest. A local run without storage gets {@code file://<working
   * directory>/runs/}; the resolved value is absolute, so it stays valid wherever the resolved JSON
   * is read.
   *
   * @throws InvalidExperimentException listing every error the validator found
   */
  public static ResolvedExperiment resolve(
      ExperimentManifest manifest, ExperimentValidator.Target target) {
    Checked checked = check(manifest, target);
    checked
        .report()
        .throwIfInvalid(manifest.metadata() == null ? null : manifest.metadata().name());
    return checked.resolved();
  }

  /**
   * Validates and resolves the spec of a custom resource, whose metadata the API checked.
   *
   * @throws InvalidExperimentException listing every error the validator found
   */
  public static ResolvedExperiment resolve(
      String name, String namespace, ExperimentSpec spec, ExperimentValidator.Target target) {
    Checked checked = check(ExperimentValidator.checkForm(spec, target), name, namespace, spec);
    checked.report().throwIfInvalid(name);
    return checked.resolved();
  }

  /**
   * @param resolved null when the report has errors
   */
  private record Checked(ValidationReport report, ResolvedExperiment resolved) {}

  /** The resolved parts the rules between fields read. */
  private record Core(
      ModelConfig model,
      ResolvedExperiment.Data data,
      ResolvedExperiment.Training training,
      ResolvedExperiment.Evaluation evaluation) {}

  private static Checked check(ExperimentManifest manifest, ExperimentValidator.Target target) {
    ValidationReport form = ExperimentValidator.checkForm(manifest, target);
    Optional<ManifestMetadata> metadata = Optional.ofNullable(manifest.metadata());
    String namespace =
        metadata.map(ManifestMetadata::namespace).orElse(ExperimentDefaults.NAMESPACE);
    return check(
        form, metadata.map(ManifestMetadata::name).orElse(null), namespace, manifest.spec());
  }

  /**
   * Adds the rules between fields to the form's report and, when both pass, completes the
   * resolution. The rules run whenever the parts they read resolve, also beside errors of form
   * elsewhere, so that every problem is reported at once.
   */
  private static Checked check(
      ValidationReport form, String name, String namespace, ExperimentSpec spec) {
    Optional<Core> core = resolvable(spec) ? Optional.of(core(spec)) : Optional.empty();
    List<Violation> violations = new ArrayList<>(form.violations());
    core.ifPresent(
        c ->
            violations.addAll(
                CrossFieldRules.check(c.model(), c.data(), c.training(), c.evaluation(), spec)));
    ValidationReport report = new ValidationReport(violations);
    if (!report.isValid()) {
      return new Checked(report, null);
    }
    Core resolved = core.orElseThrow();
    ResolvedExperiment.RunPolicy runPolicy =
        runPolicy(or(spec.getRunPolicy(), new RunPolicySpec()));
    return new Checked(
        report,
        new ResolvedExperiment(
            name,
            namespace,
            resolved.model(),
            resolved.data(),
            resolved.training(),
            resolved.evaluation(),
            storage(spec.getStorage(), name, namespace, runPolicy.restartNonce()),
            runPolicy,
            pods(spec),
            ResolvedServing.of(spec.getServing()).orElse(null)));
  }

  /**
   * Whether model, data, training and evaluation resolve: the preset is known, the sources and
   * training.steps are there (a URI source brings its own validation source) and the image size is
   * supported. A spec of valid form always is.
   */
  private static boolean resolvable(ExperimentSpec spec) {
    ModelSpec model = spec == null ? null : spec.getModel();
    DatasetSpec dataset = spec == null ? null : spec.getDataset();
    TrainingSpec training = spec == null ? null : spec.getTraining();
    return model != null
        && model.getPreset() != null
        && ModelPresets.find(model.getPreset()).isPresent()
        && dataset != null
        && dataset.getSource() != null
        && (dataset.getValidationSource() != null || dataset.getSource().getBuiltin() != null)
        && (dataset.getImageSize() == null
            || ChannelPlan.SUPPORTED_IMAGE_SIZES.contains(dataset.getImageSize()))
        && training != null
        && training.getSteps() != null;
  }

  private static Core core(ExperimentSpec spec) {
    ModelConfig preset = ModelPresets.find(spec.getModel().getPreset()).orElseThrow();
    DatasetSpec dataset = spec.getDataset();
    int imageSize = or(dataset.getImageSize(), preset.imageSize());
    return new Core(
        model(spec, preset, imageSize),
        data(dataset, imageSize),
        training(spec.getTraining(), preset.preset(), spec.getPod()),
        evaluation(
            or(spec.getEvaluation(), new EvaluationSpec()),
            spec.getTraining(),
            dataset.getSource()));
  }

  private static ModelConfig model(ExperimentSpec spec, ModelConfig preset, int imageSize) {
    ModelSpec model = spec.getModel();
    ChannelPlan plan = ChannelPlan.forImageSize(imageSize);
    TextEncoderSpec encoder = spec.getDataset().getTextEncoder();
    int maxTokens =
        encoder == null ? preset.maxTokens() : or(encoder.getMaxTokens(), preset.maxTokens());
    return new ModelConfig(
        preset.preset(),
        imageSize,
        or(model.getZDim(), preset.zDim()),
        or(model.getGfDim(), preset.gfDim()),
        or(model.getDfDim(), preset.dfDim()),
        or(model.getTextDim(), textWidth(spec.getDataset(), preset)),
        maxTokens,
        preset.sentenceProjDim(),
        preset.condSize(),
        plan.generator(),
        plan.discriminator(),
        plan.downsample(),
        preset.attentionGamma(),
        preset.bnMomentum(),
        preset.bnEpsilon(),
        preset.groupSize(),
        losses(model, preset));
  }

  /** The text width the networks follow: the built-in encoder's, else the preset's. */
  private static int textWidth(DatasetSpec dataset, ModelConfig preset) {
    return BuiltinTextEncoder.effective(dataset.getTextEncoder(), dataset.getSource())
        .map(BuiltinTextEncoder::width)
        .orElse(preset.textDim());
  }

  /** The preset's objective with the spec's switches and weights applied. */
  private static LossConfig losses(ModelSpec model, ModelConfig preset) {
    LossConfig base = preset.losses();
    LossesSpec overrides = model.getLosses();
    if (overrides == null) {
      return base;
    }
    return new LossConfig(
        base.temperature(),
        base.wordGamma1(),
        base.wordGamma2(),
        base.wordGamma3(),
        term(base.sentence(), overrides.getSentence()),
        term(base.word(), overrides.getWord()),
        term(base.image(), overrides.getImage()),
        term(base.imageEncoder(), overrides.getImageEncoder()));
  }

  /**
   * Enabling a term the preset has off gives it weight 1 unless a weight is set, so {@code enabled:
   * true} alone switches it on.
   */
  private static LossTerm term(LossTerm base, LossTermSpec override) {
    if (override == null) {
      return base;
    }
    boolean enabled = or(override.getEnabled(), base.enabled());
    double baseWeight = base.enabled() ? base.weight() : 1.0;
    return new LossTerm(enabled, enabled ? or(override.getWeight(), baseWeight) : 0.0);
  }

  private static ResolvedExperiment.Data data(DatasetSpec dataset, int imageSize) {
    ResolvedExperiment.Source source = source(dataset.getSource());
    ResolvedExperiment.Source validation =
        dataset.getValidationSource() != null
            ? source(dataset.getValidationSource(), source)
            : ResolvedExperiment.Source.shapes(
                ExperimentDefaults.SHAPES_VALIDATION_SIZE,
                source.seed() + 1,
                source.maxShapes(),
                source.grid());
    PreprocessingSpec preprocessing = or(dataset.getPreprocessing(), new PreprocessingSpec());
    TextEncoderSpec encoder = or(dataset.getTextEncoder(), new TextEncoderSpec());
    return new ResolvedExperiment.Data(
        imageSize,
        source,
        validation,
        or(preprocessing.getShards(), ExperimentDefaults.PREPROCESSING_SHARDS),
        or(preprocessing.getParallelism(), ExperimentDefaults.PREPROCESSING_PARALLELISM),
        or(preprocessing.getOnBadInput(), OnBadInput.fail),
        encoder.getUri(),
        BuiltinTextEncoder.effective(encoder, dataset.getSource())
            .map(BuiltinTextEncoder::wireName)
            .orElse(null),
        encoder.getVocabUri(),
        or(encoder.getMaxTokens(), ExperimentDefaults.MAX_TOKENS));
  }

  private static ResolvedExperiment.Source source(DataSourceSpec spec) {
    if (spec.getBuiltin() == null) {
      return ResolvedExperiment.Source.coco(spec.getCaptionsUri(), spec.getImagesUri());
    }
    return new ResolvedExperiment.Source(
        spec.getBuiltin(),
        or(spec.getSize(), ExperimentDefaults.SHAPES_SIZE),
        or(spec.getSeed(), ExperimentDefaults.SHAPES_SEED),
        or(spec.getMaxShapes(), ExperimentDefaults.SHAPES_MAX_SHAPES),
        or(spec.getGrid(), ExperimentDefaults.SHAPES_GRID),
        null,
        null);
  }

  /**
   * A validation source: a builtin one defaults to a different seed than the training source and to
   * its layout (number of shapes and grid).
   */
  private static ResolvedExperiment.Source source(
      DataSourceSpec spec, ResolvedExperiment.Source training) {
    if (spec.getBuiltin() == null) {
      return ResolvedExperiment.Source.coco(spec.getCaptionsUri(), spec.getImagesUri());
    }
    long trainingSeed = training.seed() == null ? ExperimentDefaults.SHAPES_SEED : training.seed();
    return new ResolvedExperiment.Source(
        spec.getBuiltin(),
        or(spec.getSize(), ExperimentDefaults.SHAPES_VALIDATION_SIZE),
        or(spec.getSeed(), trainingSeed + 1),
        or(
            spec.getMaxShapes(),
            training.maxShapes() == null
                ? ExperimentDefaults.SHAPES_MAX_SHAPES
                : training.maxShapes()),
        or(
            spec.getGrid(),
            training.grid() == null ? ExperimentDefaults.SHAPES_GRID : training.grid()),
        null,
        null);
  }

  private static ResolvedExperiment.Training training(
      TrainingSpec training, String preset, PodSettingsSpec pod) {
    int gpus = or(training.getGpusPerPod(), ExperimentDefaults.GPUS_PER_POD);
    int batchSize = batchSize(training, preset);
    return new ResolvedExperiment.Training(
        training.getSteps(),
        batchSize,
        batchSize / Math.max(1, gpus),
        gpus,
        or(training.getPrecision(), ExperimentDefaults.precision(gpus)),
        or(training.getAugmentation(), ExperimentDefaults.AUGMENTATION),
        or(training.getDStepsPerGStep(), ExperimentDefaults.D_STEPS_PER_G_STEP),
        or(training.getGeneratorLearningRate(), ExperimentDefaults.GENERATOR_LEARNING_RATE),
        or(training.getDiscriminatorLearningRate(), ExperimentDefaults.DISCRIMINATOR_LEARNING_RATE),
        or(training.getBeta1(), ExperimentDefaults.BETA1),
        or(training.getBeta2(), ExperimentDefaults.BETA2),
        ExperimentDefaults.ADAM_EPSILON,
        or(training.getEmaDecay(), ExperimentDefaults.EMA_DECAY),
        checkpointEvery(training),
        or(training.getKeepCheckpoints(), ExperimentDefaults.KEEP_CHECKPOINTS),
        or(training.getSeed(), ExperimentDefaults.SEED),
        or(
            training.getSummaryEvery(),
            Math.min(ExperimentDefaults.SUMMARY_EVERY, training.getSteps())),
        nested(training.getImageEncoder(), ImageEncoderSpec::getUri),
        or(
            nested(pod, PodSettingsSpec::getTerminationGracePeriodSeconds),
            ExperimentDefaults.trainingGracePeriodSeconds(preset)));
  }

  /** The global batch, defaulting per preset and device count (validated to divide evenly). */
  private static int batchSize(TrainingSpec training, String preset) {
    int devices = Math.max(1, or(training.getGpusPerPod(), ExperimentDefaults.GPUS_PER_POD));
    return or(training.getBatchSize(), ExperimentDefaults.batchSize(preset, devices));
  }

  /** checkpointEvery, defaulting to min(5000, steps) so a short run still checkpoints. */
  private static int checkpointEvery(TrainingSpec training) {
    return or(
        training.getCheckpointEvery(),
        Math.min(ExperimentDefaults.CHECKPOINT_EVERY, training.getSteps()));
  }

  private static ResolvedExperiment.Evaluation evaluation(
      EvaluationSpec evaluation, TrainingSpec training, DataSourceSpec source) {
    return new ResolvedExperiment.Evaluation(
        or(evaluation.getEvery(), checkpointEvery(training)),
        or(evaluation.getNumImages(), ExperimentDefaults.EVAL_NUM_IMAGES),
        or(evaluation.getRepeats(), ExperimentDefaults.EVAL_REPEATS),
        or(evaluation.getInceptionSplits(), ExperimentDefaults.INCEPTION_SPLITS),
        or(evaluation.getEvaluateRaw(), false),
        or(
            nested(evaluation.getFeatureExtractor(), FeatureExtractorSpec::getUri),
            BuiltinFeatureExtractor.defaultFor(source).id()),
        or(evaluation.getContinuous(), true),
        or(evaluation.getGpusPerPod(), ExperimentDefaults.EVALUATION_GPUS_PER_POD));
  }

  /**
   * The storage of the run that {@code restartNonce} identifies: each nonce writes under its own
   * root, so a restarted experiment never resumes the previous run's checkpoints.
   */
  private static ResolvedExperiment.Storage storage(
      StorageSpec spec, String name, String namespace, String restartNonce) {
    StorageSpec storage = spec;
    if (storage == null) {
      storage = new StorageSpec();
      storage.setUri(
          Path.of(ExperimentDefaults.LOCAL_STORAGE_DIR)
              .toAbsolutePath()
              .normalize()
              .toUri()
              .toString());
    }
    String prefix = or(storage.getPrefix(), ExperimentDefaults.STORAGE_PREFIX);
    String experimentUri;
    if (storage.getUri() != null) {
      experimentUri = withSlash(storage.getUri()) + name + "/";
    } else {
      String prefixPart = prefix.isEmpty() ? "" : withSlash(prefix);
      experimentUri =
          "s3://" + storage.getBucket() + "/" + prefixPart + namespace + "/" + name + "/";
    }
    return new ResolvedExperiment.Storage(
        StorageLayout.runRoot(experimentUri, StorageLayout.runId(restartNonce)),
        storage.getUri(),
        storage.getEndpoint(),
        storage.getBucket(),
        prefix,
        storage.getCredentialsSecret(),
        or(storage.getRegion(), ExperimentDefaults.STORAGE_REGION),
        or(storage.getPathStyle(), true),
        or(storage.getDeleteOnCleanup(), false));
  }

  private static ResolvedExperiment.RunPolicy runPolicy(RunPolicySpec policy) {
    return new ResolvedExperiment.RunPolicy(
        or(policy.getSuspend(), false),
        or(policy.getBackoffLimit(), ExperimentDefaults.BACKOFF_LIMIT),
        policy.getActiveDeadlineSeconds(),
        or(policy.getStartupDeadlineSeconds(), ExperimentDefaults.STARTUP_DEADLINE_SECONDS),
        policy.getCapacityWaitSeconds(),
        policy.getTtlSecondsAfterFinished(),
        policy.getRestartNonce());
  }

  private static ResolvedExperiment.Pods pods(ExperimentSpec spec) {
    SchedulingSpec scheduling = or(spec.getScheduling(), new SchedulingSpec());
    ImagesSpec images = or(scheduling.getImages(), new ImagesSpec());
    PodSettingsSpec pod = or(spec.getPod(), new PodSettingsSpec());
    String queue = scheduling.getQueueName();
    return new ResolvedExperiment.Pods(
        images.getTrainer(),
        images.getEvaluator(),
        images.getPullPolicy(),
        scheduling.getNodeSelector(),
        scheduling.getTolerations(),
        scheduling.getAffinity(),
        scheduling.getPriorityClassName(),
        scheduling.getSchedulerName(),
        queue == null || queue.isBlank() ? null : queue,
        pod.getLabels(),
        pod.getAnnotations(),
        pod.getEnv(),
        pod.getJvmOptions(),
        pod.getImagePullSecrets(),
        pod.getServiceAccountName(),
        pod.getVolumes(),
        pod.getVolumeMounts(),
        pod.getShmSize(),
        pod.getTerminationGracePeriodSeconds(),
        nested(spec.getDataset().getPreprocessing(), PreprocessingSpec::getResources),
        spec.getTraining().getResources(),
        nested(spec.getEvaluation(), EvaluationSpec::getResources));
  }

  private static String withSlash(String value) {
    return value.endsWith("/") ? value : value + "/";
  }

  private static <T, R> R nested(T parent, Function<T, R> field) {
    return parent == null ? null : field.apply(parent);
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
