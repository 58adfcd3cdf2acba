package io.xmcgan.evaluation.metrics;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Prints the time of our Fréchet distance on 2048-d statistics (median of several runs, after a
 * first call that also loads the PyTorch module, timed separately), the time of pytorch-fid's scipy
 * {@code sqrtm} formulation on the same statistics and machine (tools/eval/bench_fid_scipy.py,
 * median of three runs by default; skipped when python3 with scipy is missing), their ratio and the
 * relative difference of the two values; also the accumulation rate of feature vectors.
 *
 * <p>Run from the repository root: {@code java -cp <test classpath>
 * io.xmcgan.evaluation.metrics.FidBenchmark [dimension] [runs] [samples] [scipyRuns]}. libtorch's
 * intra-op thread count is DJL's default (the number of cores) unless {@code
 * -Dai.djl.pytorch.num_threads=N} is given.
 */
public final class FidBenchmark {

  private FidBenchmark() {}

  public static void main(String[] args) throws Exception {
    int dimension = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int samples = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
    int scipyRuns = args.length > 3 ? Integer.parseInt(args[3]) : 3;

    long start = System.nanoTime();
    GaussianStatistics first = randomStatistics(dimension, samples, 1);
    double accumulateSeconds = (System.nanoTime() - start) / 1e9;
    GaussianStatistics second = randomStatistics(dimension, samples, 2);
    System.out.printf(
        "accumulation: %d vectors of %d-d in %.2f s (%.0f vectors/s)%n",
        samples, dimension, accumulateSeconds, samples / accumulateSeconds);

    long firstStart = System.nanoTime();
    double ours = FrechetDistance.between(first, second);
    System.out.printf(
        "first call (loads the module): FID %.10f in %.3f s, %d intra-op threads%n",
        ours, (System.nanoTime() - firstStart) / 1e9, JniUtils.getNumThreads());
    double[] seconds = new double[runs];
    for (int run = 0; run < runs; run++) {
      long runStart = System.nanoTime();
      ours = FrechetDistance.between(first, second);
      seconds[run] = (System.nanoTime() - runStart) / 1e9;
      System.out.printf("run %d: FID %.10f in %.3f s%n", run + 1, ours, seconds[run]);
    }
    double median = median(seconds);
    System.out.printf("ours: median %.3f s over %d runs (d = %d)%n", median, runs, dimension);
    if (scipyRuns == 0) {
      return;
    }

    Path directory = Files.createTempDirectory("fid-bench");
    try {
      Path firstFile = directory.resolve("first.npz");
      Path secondFile = directory.resolve("second.npz");
      FidStatisticsFile.write(firstFile, first);
      FidStatisticsFile.write(secondFile, second);
      double[] scipyTimes = new double[scipyRuns];
      double scipyValue = Double.NaN;
      for (int run = 0; run < scipyRuns; run++) {
        JsonNode scipy = runScipy(firstFile, secondFile);
        if (scipy == null) {
          return;
        }
        scipyTimes[run] = scipy.get("seconds").doubleValue();
        scipyValue = scipy.get("fid").doubleValue();
        System.out.printf(
            "scipy run %d: FID %.10f in %.3f s%n", run + 1, scipyValue, scipyTimes[run]);
      }
      double scipySeconds = median(scipyTimes);
      System.out.printf("scipy sqrtm: median %.3f s over %d runs%n", scipySeconds, scipyRuns);
      System.out.printf("speed-up: %.1fx%n", scipySeconds / median);
      System.out.printf(
          "relative difference: %.3e%n", Math.abs(ours - scipyValue) / Math.abs(scipyValue));
    } finally {
      try (var files = Files.list(directory)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(directory);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[values.length / 2];
  }

  /** Statistics of correlated features: a shared 64-d latent plus per-dimension noise. */
  private static GaussianStatistics randomStatistics(int dimension, int samples, long seed) {
    Random random = new Random(seed);
    int latent = 64;
    float[] mixing = new float[latent * dimension];
    for (int k = 0; k < mixing.length; k++) {
      mixing[k] = (float) (random.nextGaussian() / Math.sqrt(latent));
    }
    GaussianAccumulator accumulator = new GaussianAccumulator(dimension);
    float[] row = new float[dimension];
    float[] z = new float[latent];
    for (int sample = 0; sample < samples; sample++) {
      for (int l = 0; l < latent; l++) {
        z[l] = (float) random.nextGaussian();
      }
      for (int k = 0; k < dimension; k++) {
        float value = (float) (0.5 * random.nextGaussian() + 0.1 * seed);
        for (int l = 0; l < latent; l++) {
          value += z[l] * mixing[l * dimension + k];
        }
        row[k] = value;
      }
      accumulator.add(row);
    }
    return accumulator.toStatistics();
  }

  private static JsonNode runScipy(Path first, Path second) throws InterruptedException {
    Path script = Path.of("tools/eval/bench_fid_scipy.py");
    if (!Files.isRegularFile(script)) {
      System.out.println("scipy comparison skipped: run from the repository root (" + script + ")");
      return null;
    }
    try {
      Process process =
          new ProcessBuilder("python3", script.toString(), first.toString(), second.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        System.out.println("scipy comparison skipped: python3 with numpy and scipy failed");
        return null;
      }
      return new ObjectMapper().readTree(output);
    } catch (IOException e) {
      System.out.println("scipy comparison skipped: cannot run python3 (" + e.getMessage() + ")");
      return null;
    }
  }
}
