package io.xmcgan.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.xmcgan.checkpoint.Checkpoint;
import io.xmcgan.checkpoint.CheckpointManifest;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.evaluation.ImageGenerator.Variant;
import io.xmcgan.evaluation.metrics.FrechetDistance;
import io.xmcgan.evaluation.metrics.GaussianAccumulator;
import io.xmcgan.evaluation.metrics.GaussianStatistics;
import io.xmcgan.evaluation.metrics.InceptionScore;
import io.xmcgan.evaluation.metrics.InceptionScoreAccumulator;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.image.RgbImage;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.files.EvaluationMetrics;
import io.xmcgan.tensorboard.EventFileNames;
import io.xmcgan.tensorboard.EventFileWriter;
import io.xmcgan.tensorboard.SummaryImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores checkpoints of one experiment: the in-process API behind {@code evaluate} (the evaluator
 * pod, {@code --watch}) and the local runner.
 *
 * <p>For a checkpoint it generates {@code evaluation.numImages} images from validation captions,
 * {@code repeats} times, with the EMA generator (and the raw one when {@code evaluateRaw}); each
 * pass continues the validation stream where the previous stopped (later draws, a seeded random
 * 1-of-5 caption each, z ~ N(0, 1)) with seeds from {@code training.seed}, so every checkpoint is
 * scored on the same captions and noise and evaluating a checkpoint again gives the same numbers.
 * Features and logits are folded into running statistics batch by batch, so memory does not grow
 * with the number of images. It writes {@code samples/step-N.png}, an event file under {@code
 * tensorboard/eval/} and, last, {@code metrics/step-N.json}: a checkpoint is evaluated exactly when
 * its metrics file exists. On the builtin shapes dataset the metrics also say how well the EMA
 * generator follows captions ({@link CaptionProbe}).
 *
 * <p>The feature extractor, the validation data and the reference statistics are loaded on first
 * use and kept for the evaluator's lifetime. Not thread-safe.
 */
public final class CheckpointEvaluator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointEvaluator.class);
  private static final int GRID_COLUMNS = 4;

  private final ResolvedExperiment experiment;
  private final ObjectStore store;
  private final EvaluatorSettings settings;
  private final CheckpointStore checkpoints;
  private ValidationData validation;
  private FeatureExtractor extractor;
  private ReferenceStatistics.Cached reference;
  private Optional<CaptionProbe> captionProbe;
  private double referenceSeconds;

  /**
   * @param experiment validated by {@link io.xmcgan.experiment.resolve.ExperimentResolver}, which
   *     refuses more inception splits than images
   * @param experimentStore a store rooted at the experiment root
   */
  public CheckpointEvaluator(
      ResolvedExperiment experiment, ObjectStore experimentStore, EvaluatorSettings settings) {
    this.experiment = experiment;
    this.store = experimentStore;
    this.settings = settings;
    this.checkpoints = new CheckpointStore(experimentStore);
  }

  public ResolvedExperiment experiment() {
    return experiment;
  }

  /** Steps that {@code evaluation.every} selects; the final step of training always is. */
  public boolean isSelected(long step) {
    return step % experiment.evaluation().every() == 0 || step >= experiment.training().steps();
  }

  ObjectStore store() {
    return store;
  }

  public boolean isEvaluated(long step) throws IOException {
    return EvaluationMetrics.exists(store, step);
  }

  /** Steps of every complete checkpoint, oldest first. */
  public List<Long> completeSteps() throws IOException {
    return checkpoints.listComplete().stream().map(CheckpointManifest::step).toList();
  }

  /** Complete, selected checkpoints without metrics, oldest first. */
  public List<Long> pendingSteps() throws IOException {
    List<Long> pending = new ArrayList<>();
    for (long step : completeSteps()) {
      if (isSelected(step) && !isEvaluated(step)) {
        pending.add(step);
      }
    }
    return pending;
  }

  /**
   * Evaluates the complete checkpoint of {@code step} (again, when it was evaluated before) and
   * writes its metrics, sample grid and TensorBoard scalars.
   *
   * @throws CheckpointNotFoundException when there is no complete checkpoint of that step
   * @throws ValidationDataMissingException when the validation split is not preprocessed yet
   */
  public EvaluationMetrics evaluate(long step) throws IOException {
    long start = System.nanoTime();
    Optional<Checkpoint> found = checkpoints.open(step);
    if (found.isEmpty()) {
      throw new CheckpointNotFoundException(
          store.root() + StorageLayout.CHECKPOINTS_DIR, step, completeSteps());
    }
    Checkpoint checkpoint = found.get();
    prepare();
    long loadStart = System.nanoTime();
    try (XmcGanNetworks networks =
        CheckpointNetworks.load(checkpoint, experiment.model(), settings.device())) {
      double loadSeconds = seconds(loadStart);
      LOG.info(
          "evaluating {} ({} images x {} repeats)",
          checkpoint.location(),
          experiment.evaluation().numImages(),
          experiment.evaluation().repeats());
      Run run = generateAndScore(new ImageGenerator(networks));
      EvaluationMetrics.CaptionFollowing captions =
          captionProbe.isEmpty() ? null : captionProbe.get().measure(networks);
      byte[] grid = SampleGrid.png(run.cells, GRID_COLUMNS);
      EvaluationMetrics metrics = metrics(step, run, loadSeconds, seconds(start), captions);
      store.writeBytes(StorageLayout.sample(step), grid);
      writeTensorBoard(step, metrics, grid);
      metrics.write(store);
      LOG.info(
          "step {}: FID {} (std {}), IS {} (std {}) in {} s",
          step,
          String.format("%.4f", metrics.fid()),
          String.format("%.4f", metrics.fidStd()),
          String.format("%.4f", metrics.inceptionScore()),
          String.format("%.4f", metrics.inceptionScoreStd()),
          String.format("%.1f", metrics.timings().totalSeconds()));
      return metrics;
    }
  }

  /**
   * Loads the validation data, the extractor, the reference statistics and the caption probe once.
   */
  private void prepare() throws IOException {
    if (captionProbe == null) {
      captionProbe = CaptionProbe.open(experiment, settings);
    }
    if (validation == null) {
      validation =
          ValidationData.open(store, experiment.data())
              .orElseThrow(() -> new ValidationDataMissingException(store.root().toString()));
    }
    if (extractor == null) {
      FeatureExtractorFiles files =
          FeatureExtractorFiles.resolve(
              experiment.evaluation().featureExtractorUri(),
              settings.storage(),
              settings.workDir().resolve("feature-extractor"));
      extractor = FeatureExtractor.load(files, settings.device());
    }
    if (reference == null) {
      long start = System.nanoTime();
      reference =
          ReferenceStatistics.loadOrCompute(
              store,
              validation,
              extractor,
              experiment.model().imageSize(),
              experiment.evaluation().numImages(),
              settings.batchSize(),
              settings.workDir());
      referenceSeconds = seconds(start);
      LOG.info(
          "reference statistics {} {} in {} s",
          reference.key(),
          reference.computed() ? "computed" : "read",
          String.format("%.1f", referenceSeconds));
    }
  }

  private record Scores(
      List<Double> fid, List<Double> inceptionScore, List<Double> inceptionScoreSplitStd) {}

  private static final class Run {
    final Map<Variant, Scores> scores = new EnumMap<>(Variant.class);
    final List<SampleGrid.Cell> cells = new ArrayList<>();
    long generationNanos;
    long extractionNanos;
    long metricsNanos;
    long images;
  }

  private Run generateAndScore(ImageGenerator generator) throws IOException {
    ResolvedExperiment.Evaluation evaluation = experiment.evaluation();
    ModelConfig config = experiment.model();
    List<Variant> variants =
        evaluation.evaluateRaw() ? List.of(Variant.EMA, Variant.RAW) : List.of(Variant.EMA);
    Run run = new Run();
    for (Variant variant : variants) {
      run.scores.put(variant, new Scores(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    }
    int tokens = config.maxTokens();
    int width = config.textDim();
    int size = config.imageSize();
    int classes = extractor.description().classes();
    int dimension = extractor.description().featureDimension();
    SplittableRandom seeds = new SplittableRandom(experiment.training().seed());
    try (ValidationData.RecordStream records = validation.cycle();
        NDManager manager = NDManager.newBaseManager(settings.device())) {
      for (int repeat = 0; repeat < evaluation.repeats(); repeat++) {
        SplittableRandom random = seeds.split();
        Map<Variant, GaussianAccumulator> gaussians = new EnumMap<>(Variant.class);
        Map<Variant, InceptionScoreAccumulator> scores = new EnumMap<>(Variant.class);
        for (Variant variant : variants) {
          gaussians.put(variant, new GaussianAccumulator(dimension));
          scores.put(
              variant,
              new InceptionScoreAccumulator(
                  classes, evaluation.numImages(), evaluation.inceptionSplits()));
        }
        for (int done = 0; done < evaluation.numImages(); ) {
          int n = Math.min(settings.batchSize(), evaluation.numImages() - done);
          float[] words = new float[n * tokens * width];
          int[] maxLen = new int[n];
          List<String> texts = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            ValidationRecord record = records.next();
            int caption = random.nextInt(record.captionCount());
            System.arraycopy(
                record.captionEmbedding(caption, tokens, width),
                0,
                words,
                i * tokens * width,
                tokens * width);
            maxLen[i] = record.maxLen()[caption];
            texts.add(record.texts().get(caption));
          }
          float[] noise = Noise.gaussian(random, n * config.zDim());
          for (Variant variant : variants) {
            try (NDManager batch = manager.newSubManager()) {
              long t0 = System.nanoTime();
              NDArray images = generator.generate(batch, variant, words, maxLen, noise);
              long t1 = System.nanoTime();
              Features features = extractor.extract(images);
              long t2 = System.nanoTime();
              gaussians.get(variant).add(features.rows());
              scores.get(variant).addLogits(features.logits());
              run.metricsNanos += System.nanoTime() - t2;
              run.generationNanos += t1 - t0;
              run.extractionNanos += t2 - t1;
              run.images += n;
              if (repeat == 0 && variant == Variant.EMA) {
                addCells(run.cells, images, texts, size);
              }
            }
          }
          done += n;
        }
        long t0 = System.nanoTime();
        for (Variant variant : variants) {
          GaussianStatistics generated = gaussians.get(variant).toStatistics();
          InceptionScore score = scores.get(variant).result();
          Scores target = run.scores.get(variant);
          target.fid().add(FrechetDistance.between(reference.statistics(), generated));
          target.inceptionScore().add(score.mean());
          target.inceptionScoreSplitStd().add(score.standardDeviation());
        }
        run.metricsNanos += System.nanoTime() - t0;
      }
    }
    return run;
  }

  private void addCells(List<SampleGrid.Cell> cells, NDArray images, List<String> texts, int size) {
    int wanted = Math.min(settings.sampleImages() - cells.size(), texts.size());
    if (wanted <= 0) {
      return;
    }
    float[] values = images.get("0:" + wanted).toFloatArray();
    List<RgbImage> rgb = ImageTensors.toImages(values, wanted, size);
    for (int i = 0; i < wanted; i++) {
      cells.add(new SampleGrid.Cell(rgb.get(i), texts.get(i)));
    }
  }

  private static EvaluationMetrics.Extractor extractorOf(FeatureExtractorFiles files) {
    ExtractorDescription d = files.description();
    return new EvaluationMetrics.Extractor(
        files.id(), d.name(), files.sha256(), d.inputSize(), d.featureDimension(), d.classes());
  }

  private EvaluationMetrics metrics(
      long step,
      Run run,
      double loadSeconds,
      double totalSeconds,
      EvaluationMetrics.CaptionFollowing captions) {
    ResolvedExperiment.Evaluation evaluation = experiment.evaluation();
    List<EvaluationMetrics.GeneratorResult> results = new ArrayList<>();
    for (Map.Entry<Variant, Scores> entry : run.scores.entrySet()) {
      Scores scores = entry.getValue();
      results.add(
          new EvaluationMetrics.GeneratorResult(
              entry.getKey().label(),
              mean(scores.fid()),
              std(scores.fid()),
              mean(scores.inceptionScore()),
              std(scores.inceptionScore()),
              List.copyOf(scores.fid()),
              List.copyOf(scores.inceptionScore()),
              List.copyOf(scores.inceptionScoreSplitStd())));
    }
    EvaluationMetrics.GeneratorResult ema = results.get(0);
    double generation = run.generationNanos / 1e9;
    double extraction = run.extractionNanos / 1e9;
    return new EvaluationMetrics(
        step,
        ema.fid(),
        ema.fidStd(),
        ema.inceptionScore(),
        ema.inceptionScoreStd(),
        ema.generator(),
        evaluation.numImages(),
        evaluation.repeats(),
        evaluation.inceptionSplits(),
        extractorOf(extractor.files()),
        reference.key(),
        reference.statistics().sampleCount().orElse(-1),
        results,
        new EvaluationMetrics.Timings(
            loadSeconds,
            referenceSeconds,
            generation,
            extraction,
            run.metricsNanos / 1e9,
            totalSeconds,
            run.images / Math.max(1e-9, generation + extraction)),
        settings.clock().instant().toString(),
        captions);
  }

  /**
   * One event file per evaluation (objects are immutable in S3): the EMA scores as {@code
   * eval/fid}, {@code eval/fid_std}, {@code eval/inception_score}, {@code
   * eval/inception_score_std}, the raw generator's as {@code eval/raw_*}, caption following as
   * {@code eval/caption_following}, {@code eval/caption_color}, {@code eval/caption_shape}, {@code
   * eval/caption_background}, {@code eval/caption_shape_<shape>} (circle, square, triangle,
   * diamond), {@code eval/caption_following_unseen} (the captions of held-out combinations) and
   * {@code eval/sample_diversity}, and the sample grid.
   */
  private void writeTensorBoard(long step, EvaluationMetrics metrics, byte[] grid)
      throws IOException {
    Map<String, Double> scalars = new LinkedHashMap<>();
    for (EvaluationMetrics.GeneratorResult result : metrics.results()) {
      String prefix = result.generator().equals(Variant.EMA.label()) ? "eval/" : "eval/raw_";
      scalars.put(prefix + "fid", result.fid());
      scalars.put(prefix + "fid_std", result.fidStd());
      scalars.put(prefix + "inception_score", result.inceptionScore());
      scalars.put(prefix + "inception_score_std", result.inceptionScoreStd());
    }
    scalars.put("eval/images_per_second", metrics.timings().imagesPerSecond());
    if (metrics.captionFollowing() != null) {
      EvaluationMetrics.CaptionScore generated = metrics.captionFollowing().generated();
      scalars.put("eval/caption_following", generated.accuracy());
      scalars.put("eval/caption_color", generated.colorAccuracy());
      scalars.put("eval/caption_shape", generated.shapeAccuracy());
      if (generated.backgroundAccuracy() != null) {
        scalars.put("eval/caption_background", generated.backgroundAccuracy());
      }
      generated
          .shapeAccuracyByShape()
          .forEach((shape, accuracy) -> scalars.put("eval/caption_shape_" + shape, accuracy));
      generated
          .shapeOverlapByShape()
          .forEach((shape, overlap) -> scalars.put("eval/caption_shape_overlap_" + shape, overlap));
      EvaluationMetrics.CaptionScore heldOut = metrics.captionFollowing().heldOut();
      if (heldOut != null && heldOut.images() > 0) {
        scalars.put("eval/caption_following_unseen", heldOut.accuracy());
      }
      scalars.put("eval/sample_diversity", generated.diversity());
    }
    java.awt.image.BufferedImage image =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(grid));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (EventFileWriter writer = new EventFileWriter(bytes, settings.clock())) {
      writer.writeScalars(step, scalars);
      writer.writeImage(
          "eval/samples", step, SummaryImage.rgbPng(grid, image.getHeight(), image.getWidth()));
    }
    String name =
        EventFileNames.fileName(settings.clock().instant(), EventFileNames.localHostname())
            + "."
            + StorageLayout.stepName(step);
    store.writeBytes(
        StorageLayout.tensorboardDir(StorageLayout.TensorBoardRun.EVAL) + name,
        bytes.toByteArray());
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Population standard deviation, as numpy's {@code np.std}. */
  private static double std(List<Double> values) {
    double mean = mean(values);
    double sum = 0;
    for (double value : values) {
      sum += (value - mean) * (value - mean);
    }
    return Math.sqrt(sum / values.size());
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @Override
  public void close() {
    if (extractor != null) {
      extractor.close();
    }
    if (captionProbe != null) {
      captionProbe.ifPresent(CaptionProbe::close);
    }
  }
}
