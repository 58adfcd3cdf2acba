package io.xmcgan.experiment;

import io.xmcgan.storage.StorageLayout;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Turns a manifest into a {@link ResolvedExperiment}: preset expanded, every default applied. */
public final class ExperimentResolver {

  private ExperimentResolver() {}

  /**
   * Validates and resolves a manifest. A local run without storage gets {@code file://<working
   * directory>/runs/}; the resolved value is absolute, so it stays valid wherever the resolved JSON
   * is read.
   *
   * @throws InvalidExperimentException listing every error the validator found
   */
  public static ResolvedExperiment resolve(
      ExperimentManifest manifest, ExperimentValidator.Target target) {
    ExperimentValidator.validate(manifest, target)
        .throwIfInvalid(manifest.metadata() == null ? null : manifest.metadata().name());
    String namespace =
        Optional.ofNullable(manifest.metadata().namespace()).orElse(ExperimentDefaults.NAMESPACE);
    return resolve(manifest.metadata().name(), namespace, manifest.spec(), target);
  }

  /**
   * Validates and resolves the spec of a custom resource.
   *
   * @throws InvalidExperimentException listing every error the validator found
   */
  public static ResolvedExperiment resolve(
      String name, String namespace, ExperimentSpec spec, ExperimentValidator.Target target) {
    ExperimentValidator.validateSpec(spec, target).throwIfInvalid(name);
    ModelConfig preset = ModelPresets.find(spec.getModel().getPreset()).orElseThrow();
    DatasetSpec dataset = spec.getDataset();
    int imageSize = or(dataset.getImageSize(), preset.imageSize());
    return new ResolvedExperiment(
        name,
        namespace,
        model(spec, preset, imageSize),
        data(dataset, imageSize),
        training(spec.getTraining(), preset.preset(), spec.getPod()),
        evaluation(or(spec.getEvaluation(), new EvaluationSpec()), spec.getTraining()),
        storage(spec.getStorage(), name, namespace, restartNonce(spec)));
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
  static LossConfig losses(ModelSpec model, ModelConfig preset) {
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
  static int batchSize(TrainingSpec training, String preset) {
    int devices = Math.max(1, or(training.getGpusPerPod(), ExperimentDefaults.GPUS_PER_POD));
    return or(training.getBatchSize(), ExperimentDefaults.batchSize(preset, devices));
  }

  /** checkpointEvery, defaulting to min(5000, steps) so a short run still checkpoints. */
  static int checkpointEvery(TrainingSpec training) {
    return or(
        training.getCheckpointEvery(),
        Math.min(ExperimentDefaults.CHECKPOINT_EVERY, training.getSteps()));
  }

  private static ResolvedExperiment.Evaluation evaluation(
      EvaluationSpec evaluation, TrainingSpec training) {
    return new ResolvedExperiment.Evaluation(
        or(evaluation.getEvery(), checkpointEvery(training)),
        or(evaluation.getNumImages(), ExperimentDefaults.EVAL_NUM_IMAGES),
        or(evaluation.getRepeats(), ExperimentDefaults.EVAL_REPEATS),
        or(evaluation.getInceptionSplits(), ExperimentDefaults.INCEPTION_SPLITS),
        or(evaluation.getEvaluateRaw(), false),
        nested(evaluation.getFeatureExtractor(), FeatureExtractorSpec::getUri),
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

  private static String restartNonce(ExperimentSpec spec) {
    return spec.getRunPolicy() == null ? null : spec.getRunPolicy().getRestartNonce();
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
