package io.xmcgan.evaluation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.xmcgan.evaluation.metrics.GaussianAccumulator;
import io.xmcgan.evaluation.metrics.InceptionScoreAccumulator;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.resolve.ModelPresets;
import io.xmcgan.experiment.spec.BuiltinFeatureExtractor;
import io.xmcgan.model.OneDnnIsaLimit;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.storage.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Images per second of the evaluation loop (EMA generator forward, feature extraction, statistics
 * accumulation) for the tiny preset on 2 CPU threads, median of several runs, and the resident
 * memory after each run (it must not grow with the number of images).
 *
 * <pre>
 * ./mvnw -B -o -q -pl evaluation test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.xmcgan.evaluation.EvaluationBenchmark -Dexec.args="256 16 5 [extractor.pt]"
 * </pre>
 *
 * Arguments: images per run, batch size, runs, and optionally an extractor URI (default: the
 * built-in tiny extractor; pass an Inception export to measure the production extractor).
 */
public final class EvaluationBenchmark {

  private EvaluationBenchmark() {}

  public static void main(String[] args) throws Exception {
    OneDnnIsaLimit.apply();
    System.setProperty("ai.djl.pytorch.num_threads", "2");
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String extractorUri = args.length > 3 ? args[3] : BuiltinFeatureExtractor.TINY.id();
    ModelConfig config = ModelPresets.find(ModelPresets.TINY).orElseThrow();
    Path work = Files.createTempDirectory("eval-bench");
    FeatureExtractorFiles files =
        FeatureExtractorFiles.resolve(extractorUri, StorageSettings.DEFAULTS, work);
    System.out.printf(
        "tiny preset (%d px, gf %d, z %d, text %d), extractor %s (input %d px, %d-d), batch %d,"
            + " %d images per run, 2 threads%n",
        config.imageSize(),
        config.gfDim(),
        config.zDim(),
        config.textDim(),
        files.id(),
        files.description().inputSize(),
        files.description().featureDimension(),
        batch,
        images);
    List<Double> generation = new ArrayList<>();
    List<Double> extraction = new ArrayList<>();
    List<Double> combined = new ArrayList<>();
    try (XmcGanNetworks networks = XmcGanNetworks.create(config, Device.cpu(), 1);
        FeatureExtractor extractor = FeatureExtractor.load(files, Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      ImageGenerator generator = new ImageGenerator(networks);
      SplittableRandom random = new SplittableRandom(3);
      float[] words = Noise.gaussian(random, batch * config.maxTokens() * config.textDim());
      int[] maxLen = new int[batch];
      java.util.Arrays.fill(maxLen, 10);
      for (int run = -1; run < runs; run++) {
        GaussianAccumulator gaussian =
            new GaussianAccumulator(files.description().featureDimension());
        InceptionScoreAccumulator score =
            new InceptionScoreAccumulator(files.description().classes(), images, 1);
        long generateNanos = 0;
        long extractNanos = 0;
        long start = System.nanoTime();
        for (int done = 0; done < images; done += batch) {
          float[] noise = Noise.gaussian(random, batch * config.zDim());
          try (NDManager step = manager.newSubManager()) {
            long t0 = System.nanoTime();
            NDArray generated =
                generator.generate(step, ImageGenerator.Variant.EMA, words, maxLen, noise);
            long t1 = System.nanoTime();
            Features features = extractor.extract(generated);
            long t2 = System.nanoTime();
            gaussian.add(features.rows());
            score.addLogits(features.logits());
            generateNanos += t1 - t0;
            extractNanos += t2 - t1;
          }
        }
        double total = (System.nanoTime() - start) / 1e9;
        gaussian.toStatistics();
        score.result();
        if (run >= 0) {
          generation.add(images / (generateNanos / 1e9));
          extraction.add(images / (extractNanos / 1e9));
          combined.add(images / total);
          System.out.printf(
              "run %d: generation %.1f img/s, extraction %.1f img/s, end to end %.1f img/s,"
                  + " resident memory %s%n",
              run, generation.get(run), extraction.get(run), combined.get(run), residentMemory());
        }
      }
    }
    System.out.printf(
        "median: generation %.1f img/s, extraction %.1f img/s, end to end %.1f img/s"
            + " (30,000 images: %.0f s)%n",
        median(generation), median(extraction), median(combined), 30000 / median(combined));
  }

  /** The process's resident set (native libtorch memory included), from /proc on Linux. */
  private static String residentMemory() throws java.io.IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return "n/a";
    }
    return Files.readAllLines(status).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .map(line -> line.substring("VmRSS:".length()).strip())
        .findFirst()
        .orElse("n/a");
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
