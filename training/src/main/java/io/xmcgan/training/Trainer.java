package io.xmcgan.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.xmcgan.checkpoint.CheckpointManifest;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.engine.Devices;
import io.xmcgan.engine.GpuSettings;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.model.Batch;
import io.xmcgan.model.HostTransfers;
import io.xmcgan.model.ImageEncoder;
import io.xmcgan.model.OptimizerSettings;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.files.ProgressReport;
import io.xmcgan.tensorboard.SummaryImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XMC-GAN training loop of one experiment: resumes from the newest checkpoint when there is
 * one, runs {@link DataParallelStep}s on the input pipeline's steps, checkpoints every {@code
 * checkpointEvery} steps and at the end, writes {@code progress.json} every few seconds and
 * TensorBoard summaries every {@code summaryEvery} steps, and stops with a checkpoint when the
 * cancellation token fires. Used by the pod's {@code train} command and in-process by the local
 * runner.
 */
public final class Trainer {

  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final int GRID_IMAGES = 8;
  private static final int GRID_COLUMNS = 4;

  private final ResolvedExperiment experiment;
  private final ObjectStore store;
  private final TrainingOptions options;
  private final Clock clock = Clock.systemUTC();
  private final TrainingCheckpoints checkpoints;
  private final ResolvedExperiment.Training training;

  private Trainer(ResolvedExperiment experiment, ObjectStore store, TrainingOptions options) {
    this.experiment = experiment;
    this.store = store;
    this.options = options;
    this.checkpoints = new TrainingCheckpoints(new CheckpointStore(store));
    this.training = experiment.training();
  }

  /**
   * Trains {@code experiment} to its last step, or until {@code options.cancellation()} fires.
   *
   * @param store the experiment's object store, rooted at its experiment root
   * @throws TrainingDataException when the data is missing or does not fit the experiment
   * @throws TrainingDivergedException when a loss term becomes NaN or infinite
   * @throws io.xmcgan.model.IncompatibleCheckpointException when the newest checkpoint belongs to
   *     another model configuration
   * @throws io.xmcgan.storage.StorageUnavailableException when storage stays unreachable
   */
  public static TrainingResult train(
      ResolvedExperiment experiment, ObjectStore store, TrainingOptions options)
      throws IOException, InterruptedException {
    return new Trainer(experiment, store, options).run();
  }

  private TrainingResult run() throws IOException, InterruptedException {
    List<Device> devices =
        options.devices() != null
            ? options.devices()
            : Devices.select(training.gpusPerPod(), "spec.training.gpusPerPod");
    ShardSet shards = TrainingData.shards(store, experiment);
    List<ImageEncoder> encoders = loadImageEncoders(devices);
    try {
      return run(devices, shards, encoders);
    } finally {
      encoders.forEach(ImageEncoder::close);
    }
  }

  private TrainingResult run(List<Device> devices, ShardSet shards, List<ImageEncoder> encoders)
      throws IOException, InterruptedException {
    OptimizerSettings settings =
        new OptimizerSettings(
            training.generatorLearningRate(),
            training.discriminatorLearningRate(),
            training.beta1(),
            training.beta2(),
            training.adamEpsilon(),
            training.emaDecay());
    GpuSettings.apply(training.precision(), devices);
    TrainingCheckpoints.StepFactory factory =
        networks -> {
          networks.forEach(n -> n.setPrecision(training.precision()));
          return new DataParallelStep(networks, encoders, settings, training.augmentation());
        };
    DataParallelStep step;
    long startStep;
    DataPosition position;
    OptionalLong resumedFrom;
    var restored = checkpoints.restoreLatest(experiment, devices, factory);
    if (restored.isPresent()) {
      step = restored.get().step();
      startStep = restored.get().state().step();
      position = restored.get().state().data();
      resumedFrom = OptionalLong.of(startStep);
      LOG.info(
          "resuming {} from {} (step {}, data {})",
          experiment.name(),
          restored.get().checkpoint().location(),
          startStep,
          position);
    } else {
      List<XmcGanNetworks> networks = new ArrayList<>();
      for (Device device : devices) {
        networks.add(XmcGanNetworks.create(experiment.model(), device, training.seed()));
      }
      step = factory.create(networks);
      startStep = 0;
      position = DataPosition.START;
      resumedFrom = OptionalLong.empty();
      LOG.info("starting {} from step 0 on {}", experiment.name(), devices);
    }
    try (Loop loop = new Loop(step, devices, shards, startStep, position, resumedFrom)) {
      return loop.run();
    } finally {
      step.close();
      step.networks().forEach(XmcGanNetworks::close);
    }
  }

  private List<ImageEncoder> loadImageEncoders(List<Device> devices) throws IOException {
    List<ImageEncoder> encoders = new ArrayList<>();
    if (!experiment.model().losses().imageEncoder().enabled()) {
      return encoders;
    }
    String uri = training.imageEncoderUri();
    if (uri == null) {
      throw new TrainingDataException(
          "the imageEncoder loss is on but spec.training.imageEncoder.uri is not set; set it to"
              + " the TorchScript file of the frozen encoder or switch the term off");
    }
    int slash = uri.lastIndexOf('/');
    try (ObjectStore encoderStore =
        ObjectStores.open(URI.create(uri.substring(0, slash + 1)), options.storageSettings())) {
      for (Device device : devices) {
        try (InputStream in = encoderStore.read(uri.substring(slash + 1))) {
          encoders.add(ImageEncoder.load(in, device));
        }
      }
    } catch (IOException | RuntimeException e) {
      encoders.forEach(ImageEncoder::close);
      throw e;
    }
    return encoders;
  }

  /** The state of one run of the loop. */
  private final class Loop implements AutoCloseable {
    private final DataParallelStep step;
    private final List<Device> devices;
    private final long startStep;
    private final OptionalLong resumedFrom;
    private final InputPipeline pipeline;
    private final TensorBoardLog tensorboard;
    private final ParameterStore summaryStore;
    private final int imagesPerStep;
    private final Map<String, Double> window = new LinkedHashMap<>();
    private final TermWindow deviceTerms;
    private int windowSteps;
    private long lastRead;
    private long current;
    private long lastCheckpoint = -1;
    private Map<String, Float> lastTerms = Map.of();
    private DataPosition position;
    private long reportedStep;
    private long reportedAt;
    private double imagesPerSecond;
    private long lastProgressWrite;

    Loop(
        DataParallelStep step,
        List<Device> devices,
        ShardSet shards,
        long startStep,
        DataPosition position,
        OptionalLong resumedFrom) {
      this.step = step;
      this.devices = devices;
      this.startStep = startStep;
      this.current = startStep;
      this.position = position;
      this.resumedFrom = resumedFrom;
      resumedFrom.ifPresent(s -> lastCheckpoint = s);
      var model = experiment.model();
      InputPipeline.Settings settings =
          new InputPipeline.Settings(
              training.seed(),
              options.shuffleBuffer(),
              model.imageSize(),
              model.maxTokens(),
              model.textDim(),
              model.zDim(),
              training.batchSizePerDevice(),
              training.dStepsPerGStep(),
              devices.size(),
              options.decodeThreads(),
              options.prefetchSteps());
      this.imagesPerStep =
          training.batchSizePerDevice() * training.dStepsPerGStep() * devices.size();
      this.pipeline = new InputPipeline(store, shards, settings, position);
      this.tensorboard =
          new TensorBoardLog(store, options.workDir().resolve("tensorboard-train"), clock);
      this.summaryStore = new ParameterStore(step.primary().manager(), false);
      this.deviceTerms = new TermWindow(step.primary().device());
      this.lastRead = startStep;
    }

    TrainingResult run() throws IOException, InterruptedException {
      long total = training.steps();
      options.listener().onStart(startStep, total, resumedFrom, devices);
      long loopStarted = System.nanoTime();
      reportedAt = loopStarted;
      reportedStep = current;
      while (current < total && !options.cancellation().isCancelled()) {
        StepInputs inputs = pipeline.next();
        trainOn(inputs);
        current++;
        position = inputs.next();
        boolean summary = current % training.summaryEvery() == 0 || current == total;
        boolean save = current % training.checkpointEvery() == 0 || current == total;
        if (summary || save || progressDue()) {
          readTerms();
        }
        if (summary) {
          writeSummaries(inputs);
        }
        if (save) {
          checkpoint();
        }
        report(false);
      }
      double loopNanos = Math.max(1, System.nanoTime() - loopStarted);
      double waitFraction = pipeline.waitNanos() / loopNanos;
      if (current < total) {
        LOG.info("stopping at step {}: {}", current, options.cancellation().reason());
        readTerms();
        if (lastCheckpoint < current) {
          checkpoint();
        }
        report(true);
        return new TrainingResult(
            TrainingResult.Outcome.CANCELLED, current, checkpointStep(), waitFraction);
      }
      report(true);
      LOG.info("training of {} finished at step {}", experiment.name(), current);
      return new TrainingResult(
          TrainingResult.Outcome.COMPLETED, current, checkpointStep(), waitFraction);
    }

    private OptionalLong checkpointStep() {
      return lastCheckpoint < 0 ? OptionalLong.empty() : OptionalLong.of(lastCheckpoint);
    }

    private void trainOn(StepInputs inputs) {
      List<NDManager> managers = new ArrayList<>();
      try {
        for (Device device : devices) {
          managers.add(step.primary().manager().newSubManager(device));
        }
        List<List<Batch>> batches = new ArrayList<>();
        for (List<HostBatch> subStep : inputs.batches()) {
          List<Batch> replicas = new ArrayList<>();
          for (int r = 0; r < subStep.size(); r++) {
            replicas.add(subStep.get(r).toDevice(managers.get(r)));
          }
          batches.add(replicas);
        }
        step.run(batches, deviceTerms);
      } finally {
        managers.forEach(NDManager::close);
      }
    }

    /** Losses are read once per progress interval, not per step (one host synchronisation). */
    private boolean progressDue() {
      return System.nanoTime() - lastProgressWrite >= options.progressInterval().toNanos();
    }

    /**
     * Reads the terms of the steps since the last read in one transfer, adds them to the summary
     * window, and stops a run whose losses left the finite range before anything is saved.
     */
    private void readTerms() {
      TermWindow.Read read = deviceTerms.read();
      if (read.steps() == 0) {
        return;
      }
      long first = lastRead + 1;
      lastRead = current;
      read.sums()
          .forEach(
              (name, sum) -> {
                if (!Double.isFinite(sum)) {
                  float value = read.last().get(name);
                  throw new TrainingDivergedException(
                      first,
                      current,
                      name,
                      Float.isFinite(value) ? sum.floatValue() : value,
                      lastCheckpoint);
                }
              });
      read.sums().forEach((name, sum) -> window.merge(name, sum, Double::sum));
      windowSteps += (int) read.steps();
      lastTerms = read.last();
    }

    /** Window means of every term, and real / generated / EMA-generated image grids. */
    private void writeSummaries(StepInputs inputs) throws IOException {
      Map<String, Double> means = new LinkedHashMap<>();
      window.forEach((name, sum) -> means.put(name, sum / windowSteps));
      window.clear();
      windowSteps = 0;
      tensorboard.scalars(current, means);
      List<HostBatch> joint = inputs.batches().get(inputs.batches().size() - 1);
      HostBatch shown = joint.get(0).head(GRID_IMAGES);
      int size = shown.imageSize();
      Map<String, SummaryImage> images = new LinkedHashMap<>();
      images.put(
          "ori_image_batch", ImageGrid.png(shown.images(), shown.size(), size, GRID_COLUMNS));
      XmcGanNetworks networks = step.primary();
      try (NDManager manager = networks.manager().newSubManager()) {
        Batch batch = shown.toDevice(manager);
        NDArray generated =
            networks.generator().forward(summaryStore, batch.generatorInputs(), false).head();
        NDArray ema =
            networks.emaGenerator().forward(summaryStore, batch.generatorInputs(), false).head();
        images.put(
            "generated_image_batch",
            ImageGrid.png(toHost(generated), shown.size(), size, GRID_COLUMNS));
        images.put(
            "ema_generated_image_batch",
            ImageGrid.png(toHost(ema), shown.size(), size, GRID_COLUMNS));
      }
      tensorboard.images(current, images);
    }

    /** Summary images: read at summaries only, counted like every host read. */
    private static float[] toHost(NDArray images) {
      HostTransfers.read();
      return images.toFloatArray();
    }

    private void checkpoint() throws IOException {
      TrainerState state =
          new TrainerState(
              TrainerState.FORMAT_VERSION,
              current,
              training.steps(),
              position,
              training.seed(),
              devices.size(),
              lastTerms);
      long started = System.nanoTime();
      CheckpointManifest manifest =
          checkpoints.save(step, state, experiment, training.keepCheckpoints());
      lastCheckpoint = current;
      String location = store.root() + StorageLayout.checkpointDir(manifest.step());
      LOG.info(
          "checkpoint {} written in {} ms", location, (System.nanoTime() - started) / 1_000_000);
      options.listener().onCheckpoint(current, location);
      report(true);
    }

    /** Tells the listener; rewrites progress.json when forced or the interval has passed. */
    private void report(boolean force) throws IOException {
      long now = System.nanoTime();
      long elapsed = now - reportedAt;
      // A rate over at least a second, or the first one available when a report is forced.
      boolean due = elapsed >= 1_000_000_000L || (force && imagesPerSecond == 0);
      if (due && current > reportedStep && elapsed > 0) {
        imagesPerSecond = (current - reportedStep) * (double) imagesPerStep * 1e9 / elapsed;
        reportedStep = current;
        reportedAt = now;
      }
      Long eta =
          imagesPerSecond > 0
              ? Math.round((training.steps() - current) * (double) imagesPerStep / imagesPerSecond)
              : null;
      Map<String, Double> losses = new LinkedHashMap<>();
      lastTerms.forEach((name, value) -> losses.put(name, value.doubleValue()));
      ProgressReport progress =
          new ProgressReport(
              current,
              training.steps(),
              losses,
              imagesPerSecond,
              imagesPerSecond / imagesPerStep,
              eta,
              Instant.now(clock));
      options.listener().onProgress(progress);
      if (force || now - lastProgressWrite >= options.progressInterval().toNanos()) {
        progress.write(store);
        lastProgressWrite = now;
      }
    }

    @Override
    public void close() throws IOException {
      pipeline.close();
      tensorboard.close();
      deviceTerms.close();
    }
  }
}
