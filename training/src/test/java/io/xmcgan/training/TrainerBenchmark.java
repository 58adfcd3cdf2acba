package io.xmcgan.training;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.model.OneDnnIsaLimit;
import io.xmcgan.model.OptimizerSettings;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.storage.LocalObjectStore;
import io.xmcgan.storage.ObjectStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Prints (1) images per second of the {@code tiny} preset at batch 8 on 2 threads and the share of
 * the loop's time spent waiting for data, and (2) the time to save and load a {@code coco-128}
 * checkpoint (G, EMA-G, D, both Adam states) with the peak heap. Run with a small heap to show that
 * checkpoint I/O does not need the checkpoint in memory:
 *
 * <pre>java -Xmx768m -cp ... io.xmcgan.training.TrainerBenchmark [steps] [dir]</pre>
 */
public final class TrainerBenchmark {

  public static void main(String[] args) throws Exception {
    OneDnnIsaLimit.apply();
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 12;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("xmcgan-bench-");
    ai.djl.engine.Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(2);
    if (steps > 0) {
      throughput(dir, steps);
    }
    checkpointIo(dir);
  }

  private static void throughput(Path dir, int steps) throws Exception {
    String manifest =
        """
        apiVersion: xmcgan.io/v1alpha1
        kind: XmcganExperiment
        metadata:
          name: bench-tiny
        spec:
          dataset:
            source: {builtin: shapes, size: 256}
            preprocessing: {shards: 4}
          model: {preset: tiny}
          training: {steps: %d, batchSize: 8, gpusPerPod: 0, checkpointEvery: %d, summaryEvery: %d}
          storage: {uri: %s}
        """
            .formatted(steps, steps, steps, dir.toUri());
    ResolvedExperiment experiment =
        ExperimentResolver.resolve(
            ExperimentManifests.read(manifest), ExperimentValidator.Target.LOCAL);
    ObjectStore store = new LocalObjectStore(dir.resolve("bench-tiny"));
    TrainingFixtures.writeTrainingSplit(store, experiment, new int[] {64, 64, 64, 64}, 3);
    // The loop's two halves, timed directly: waiting for the pipeline and running the step. (The
    // model's step currently turns NaN after a few steps at random; the time per step does not
    // depend on the values, so the measurement goes on regardless.)
    ShardSet shards = TrainingData.shards(store, experiment);
    var model = experiment.model();
    InputPipeline.Settings settings =
        new InputPipeline.Settings(
            experiment.training().seed(),
            TrainingOptions.SHUFFLE_BUFFER,
            model.imageSize(),
            model.maxTokens(),
            model.textDim(),
            model.zDim(),
            8,
            experiment.training().dStepsPerGStep(),
            1,
            2,
            2);
    XmcGanNetworks networks = XmcGanNetworks.create(model, Device.cpu(), 1);
    long waiting = 0;
    long total = 0;
    int nonFinite = 0;
    try (InputPipeline pipeline = new InputPipeline(store, shards, settings, DataPosition.START);
        DataParallelStep step =
            new DataParallelStep(List.of(networks), List.of(), OptimizerSettings.reference());
        TermWindow window = new TermWindow(networks.device())) {
      for (int i = 0; i < steps + 2; i++) {
        long started = System.nanoTime();
        StepInputs inputs = pipeline.next();
        long ready = System.nanoTime();
        Map<String, Float> terms;
        try (ai.djl.ndarray.NDManager batchManager = networks.manager().newSubManager()) {
          List<List<io.xmcgan.model.Batch>> batches =
              inputs.batches().stream()
                  .map(sub -> List.of(sub.get(0).toDevice(batchManager)))
                  .toList();
          step.run(batches, window);
          // The benchmark reads every step, as a trainer with a zero progress interval would.
          terms = window.read().last();
        }
        long done = System.nanoTime();
        if (!Float.isFinite(terms.get("g_loss"))) {
          nonFinite++;
        }
        if (i >= 2) {
          waiting += ready - started;
          total += done - started;
        }
      }
    } finally {
      networks.close();
    }
    double seconds = total / 1e9;
    int imagesPerStep = 8 * experiment.training().dStepsPerGStep();
    System.out.printf(
        "tiny (%d px, batch 8, 2 threads): %d steps after 2 warm-up steps in %.1f s: %.3f s/step,"
            + " %.1f images/s (real images of all sub-steps); data wait %.3f %% of step time;"
            + " steps with a non-finite g_loss: %d%n",
        model.imageSize(),
        steps,
        seconds,
        seconds / steps,
        steps * imagesPerStep / seconds,
        100.0 * waiting / total,
        nonFinite);
  }

  private static void checkpointIo(Path dir) throws Exception {
    ResolvedExperiment experiment =
        ExperimentResolver.resolve(
            ExperimentManifests.read(
                """
                apiVersion: xmcgan.io/v1alpha1
                kind: XmcganExperiment
                metadata: {name: bench-coco}
                spec:
                  dataset:
                    source: {builtin: shapes}
                  model: {preset: coco-128, losses: {imageEncoder: {enabled: false}}}
                  training: {steps: 10, gpusPerPod: 0}
                  storage: {uri: %s}
                """
                    .formatted(dir.toUri())),
            ExperimentValidator.Target.LOCAL);
    ObjectStore store = new LocalObjectStore(dir.resolve("bench-coco"));
    TrainingCheckpoints checkpoints = new TrainingCheckpoints(new CheckpointStore(store));
    HeapPeak heap = new HeapPeak();
    OptimizerSettings settings = OptimizerSettings.reference();
    XmcGanNetworks networks = XmcGanNetworks.create(experiment.model(), Device.cpu(), 1);
    try (DataParallelStep step = new DataParallelStep(List.of(networks), List.of(), settings)) {
      // One update with zero gradients allocates both Adam states at full size.
      step.generatorAdam().update(trainable(networks.generator()), Map.of());
      step.discriminatorAdam().update(trainable(networks.discriminator()), Map.of());
      TrainerState state =
          new TrainerState(TrainerState.FORMAT_VERSION, 1, 10, DataPosition.START, 42, 1, Map.of());
      heap.reset();
      long started = System.nanoTime();
      var manifest = checkpoints.save(step, state, experiment, 2);
      double saveSeconds = (System.nanoTime() - started) / 1e9;
      long bytes = manifest.files().stream().mapToLong(f -> f.size()).sum();
      long saveHeap = heap.peakMiB();
      heap.reset();
      started = System.nanoTime();
      var restored =
          checkpoints
              .restoreLatest(
                  experiment,
                  List.of(Device.cpu()),
                  loaded -> new DataParallelStep(loaded, List.of(), settings))
              .orElseThrow();
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      long loadHeap = heap.peakMiB();
      System.out.printf(
          "coco-128 checkpoint: %.2f GB; save %.1f s (%.0f MB/s), load with sha256 %.1f s (%.0f"
              + " MB/s); peak heap used: save %d MiB, load %d MiB (max heap %d MiB)%n",
          bytes / 1e9,
          saveSeconds,
          bytes / 1e6 / saveSeconds,
          loadSeconds,
          bytes / 1e6 / loadSeconds,
          saveHeap,
          loadHeap,
          Runtime.getRuntime().maxMemory() >> 20);
      restored.step().close();
      restored.step().networks().forEach(XmcGanNetworks::close);
    } finally {
      networks.close();
      heap.close();
    }
  }

  private static List<Pair<String, Parameter>> trainable(ai.djl.nn.Block block) {
    return XmcGanNetworks.trainableParameters(block);
  }

  /** Samples the used heap every 5 ms and keeps the maximum. */
  private static final class HeapPeak implements AutoCloseable {
    private volatile long peak;
    private volatile boolean running = true;
    private final Thread sampler;

    HeapPeak() {
      sampler =
          new Thread(
              () -> {
                while (running) {
                  long used = 0;
                  for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                      used += pool.getUsage().getUsed();
                    }
                  }
                  peak = Math.max(peak, used);
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      sampler.setDaemon(true);
      sampler.start();
    }

    void reset() {
      System.gc();
      peak = 0;
    }

    long peakMiB() {
      return peak >> 20;
    }

    @Override
    public void close() {
      running = false;
      sampler.interrupt();
    }
  }
}
