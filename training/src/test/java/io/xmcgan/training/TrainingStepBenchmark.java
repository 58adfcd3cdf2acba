package io.xmcgan.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import io.xmcgan.engine.Devices;
import io.xmcgan.engine.GpuSettings;
import io.xmcgan.experiment.manifest.ExperimentFiles;
import io.xmcgan.experiment.resolve.LossConfig;
import io.xmcgan.experiment.resolve.LossTerm;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.resolve.ModelPresets;
import io.xmcgan.experiment.spec.Precision;
import io.xmcgan.model.Batch;
import io.xmcgan.model.HostTransfers;
import io.xmcgan.model.OneDnnIsaLimit;
import io.xmcgan.model.OptimizerSettings;
import io.xmcgan.model.XmcGanNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One full training step as the trainer runs it ({@link DataParallelStep}: 2 D sub-steps + the
 * joint G/D sub-step, forward, backward, both Adam updates, EMA, losses kept on the device), median
 * of several steps after warm-up steps: by default 10, or as many as fit in 20 s but at least one
 * (the JVM compiles the Java side of the ops during the first few seconds, and on two cores its
 * compiler threads slow the steps they overlap by up to half). Prints ms/step, images/s, peak
 * memory and the host synchronisations per step counted by the ops layer. Not a test
 * (docs/model.md, "Benchmark").
 *
 * <p>Usage: {@code TrainingStepBenchmark [preset|manifest] [steps] [--device cpu|gpu] [--devices N]
 * [--batch B] [--precision fp32|tf32|bf16] [--warmup W] [--profile FILE]}; a manifest (.yaml, .yml,
 * .json) gives its resolved networks, e.g. the quickstart's; B is the batch per device and sub-step
 * (default 8); coco presets run without the frozen image-encoder term, as the reference measurement
 * does. {@code --profile} records the last step with libtorch's profiler (every operation and
 * autograd node, with input shapes) and writes it to FILE as a JSON list of trace events
 * (docs/model.md, "Where a CPU step's time goes").
 */
public final class TrainingStepBenchmark {

  private TrainingStepBenchmark() {}

  public static void main(String[] args) throws IOException {
    OneDnnIsaLimit.apply();
    List<String> positional = new ArrayList<>();
    String device = "cpu";
    int devices = 1;
    int batch = 8;
    Precision precision = null;
    String profile = null;
    int warmup = -1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--device" -> device = args[++i];
        case "--devices" -> devices = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--precision" -> precision = Precision.valueOf(args[++i]);
        case "--profile" -> profile = args[++i];
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> positional.add(args[i]);
      }
    }
    String preset = positional.isEmpty() ? ModelPresets.TINY : positional.get(0);
    int steps = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 5;
    boolean gpu = device.equals("gpu");
    List<Device> replicas =
        gpu
            ? Devices.select(devices, "--devices")
            : java.util.Collections.nCopies(devices, Device.cpu());
    Precision used = precision != null ? precision : gpu ? Precision.tf32 : Precision.fp32;
    GpuSettings.apply(used, replicas);
    ModelConfig config =
        withoutEncoder(
            preset.matches(".*\\.(ya?ml|json)")
                ? ExperimentFiles.read(Path.of(preset)).model()
                : ModelPresets.find(preset).orElseThrow());
    System.out.printf(
        Locale.ROOT,
        "engine %s, intra-op threads %s; %s, %d x %s, batch %d per device and sub-step, %s%n",
        Engine.getInstance().getEngineName(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"),
        preset,
        devices,
        device,
        batch,
        used);
    List<XmcGanNetworks> networks = new ArrayList<>();
    for (Device replica : replicas) {
      XmcGanNetworks n = XmcGanNetworks.create(config, replica, 42);
      n.setPrecision(used);
      networks.add(n);
    }
    long peakBytes = 0;
    try (DataParallelStep step =
            new DataParallelStep(networks, List.of(), OptimizerSettings.reference());
        TermWindow terms = new TermWindow(replicas.get(0))) {
      double[] seconds = new double[steps];
      double[] cpuSeconds = new double[steps];
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      HostTransfers.Count measured = null;
      int warmed = 0;
      int timed = 0;
      long warmStart = System.nanoTime();
      while (timed < steps) {
        boolean warming =
            warmup >= 0
                ? warmed < warmup
                : warmed < 1 || (warmed < 10 && System.nanoTime() - warmStart < 20_000_000_000L);
        int i = warming ? - ++warmed : timed++;
        try (NDManager manager = NDManager.newBaseManager()) {
          List<List<Batch>> batches = new ArrayList<>();
          for (int subStep = 0; subStep < 2; subStep++) {
            List<Batch> perReplica = new ArrayList<>();
            for (int r = 0; r < replicas.size(); r++) {
              perReplica.add(
                  random(
                      manager.newSubManager(replicas.get(r)),
                      config,
                      batch,
                      1000L * i + 10L * r + subStep));
            }
            batches.add(perReplica);
          }
          if (i == 0) {
            measured = HostTransfers.count();
          }
          boolean profiled = profile != null && i == steps - 1;
          long profileStart = System.nanoTime();
          if (profiled) {
            JniUtils.startProfile(false, true, Boolean.getBoolean("xmcgan.profileMemory"));
          }
          long cpuStart = os.getProcessCpuTime();
          long start = System.nanoTime();
          step.run(batches, terms);
          if (gpu) {
            // The step's kernels are queued; one read waits for them (outside the count).
            terms.read();
          }
          double elapsed = (System.nanoTime() - start) / 1e9;
          if (profiled) {
            JniUtils.stopProfile(profile);
            writePhases(profile + ".phases.json", step.lastGradientPhases(), profileStart);
            System.out.printf(
                Locale.ROOT,
                "profile of step %d (%.1f ms) written to %s%n",
                i,
                elapsed * 1e3,
                profile);
          }
          if (i >= 0) {
            seconds[i] = elapsed;
            cpuSeconds[i] = (os.getProcessCpuTime() - cpuStart) / 1e9;
          }
          peakBytes = Math.max(peakBytes, peakMemory(replicas));
          System.out.printf(Locale.ROOT, "%s step %d: %.1f ms%n", preset, i, elapsed * 1e3);
        }
      }
      HostTransfers.Count counted = HostTransfers.count().since(measured);
      long reads = gpu ? steps : 0;
      Arrays.sort(seconds);
      double median = seconds[steps / 2];
      Arrays.sort(cpuSeconds);
      int images = batch * devices * 2;
      System.out.printf(
          Locale.ROOT,
          "%s: median %.1f ms/step over %d steps (min %.1f, max %.1f), %.1f images/s (real images"
              + " of both sub-steps), peak %s memory %.2f GiB%n",
          preset,
          median * 1e3,
          steps,
          seconds[0] * 1e3,
          seconds[steps - 1] * 1e3,
          images / median,
          gpu ? "device" : "process",
          peakBytes / (double) (1L << 30));
      System.out.printf(
          Locale.ROOT,
          "%s: process CPU time median %.1f ms/step (all threads; less sensitive to other load"
              + " than the wall time)%n",
          preset,
          cpuSeconds[steps / 2] * 1e3);
      System.out.printf(
          Locale.ROOT, "host syncs per step: %d%n", (counted.synchronisations() - reads) / steps);
    } finally {
      networks.forEach(XmcGanNetworks::close);
    }
  }

  /**
   * The step's gradient phases (forward and backward passes) as [start, end] in microseconds since
   * the profile started: what lies outside them is the optimiser, the EMA and the averaging.
   */
  private static void writePhases(String file, List<long[]> phases, long profileStart)
      throws IOException {
    List<String> pairs = new ArrayList<>();
    for (long[] phase : phases) {
      pairs.add(
          String.format(
              Locale.ROOT,
              "[%.1f, %.1f]",
              (phase[2] - profileStart) / 1e3,
              (phase[3] - profileStart) / 1e3));
    }
    Files.writeString(Path.of(file), "[" + String.join(", ", pairs) + "]\n");
  }

  private static Batch random(NDManager manager, ModelConfig config, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int s = config.imageSize();
    float[] images = new float[n * 3 * s * s];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble();
    }
    float[] maxLen = new float[n];
    for (int i = 0; i < n; i++) {
      maxLen[i] = 3 + random.nextInt(config.maxTokens() - 2);
    }
    return new Batch(
        manager.create(images, new Shape(n, 3, s, s)),
        manager.create(
            gaussian(random, n * config.maxTokens() * config.textDim()),
            new Shape(n, config.maxTokens(), config.textDim())),
        manager.create(maxLen, new Shape(n)),
        manager.create(gaussian(random, n * config.textDim()), new Shape(n, config.textDim())),
        manager.create(gaussian(random, n * config.zDim()), new Shape(n, config.zDim())));
  }

  private static float[] gaussian(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      double u = Math.max(random.nextDouble(), 1e-12);
      values[i] =
          (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
    }
    return values;
  }

  /** GPUs: the most memory in use on any of them; CPU: the process's peak resident size. */
  private static long peakMemory(List<Device> devices) throws IOException {
    if (devices.get(0).isGpu()) {
      long most = 0;
      for (Device device : devices) {
        most = Math.max(most, CudaUtils.getGpuMemory(device).getUsed());
      }
      return most;
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    return 0;
  }

  private static ModelConfig withoutEncoder(ModelConfig config) {
    LossConfig l = config.losses();
    return new ModelConfig(
        config.preset(),
        config.imageSize(),
        config.zDim(),
        config.gfDim(),
        config.dfDim(),
        config.textDim(),
        config.maxTokens(),
        config.sentenceProjDim(),
        config.condSize(),
        config.generatorChannels(),
        config.discriminatorChannels(),
        config.discriminatorDownsample(),
        config.attentionGamma(),
        config.bnMomentum(),
        config.bnEpsilon(),
        config.groupSize(),
        new LossConfig(
            l.temperature(),
            l.wordGamma1(),
            l.wordGamma2(),
            l.wordGamma3(),
            l.sentence(),
            l.word(),
            l.image(),
            LossTerm.OFF));
  }
}
