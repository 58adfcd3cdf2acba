package io.xmcgan.evaluator;

import io.xmcgan.eval.metrics.FidStatisticsFile;
import io.xmcgan.eval.metrics.FrechetDistance;
import io.xmcgan.eval.metrics.GaussianStatistics;
import io.xmcgan.failure.ExitCode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fid A.npz B.npz}: the Fréchet distance between two pytorch-fid statistics files. */
@Command(
    name = "fid",
    mixinStandardHelpOptions = true,
    description =
        "Prints the FID between two .npz statistics files (pytorch-fid layout: mu, sigma).")
final class FidCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "A.npz")
  Path first;

  @Parameters(index = "1", paramLabel = "B.npz")
  Path second;

  @Override
  public Integer call() throws Exception {
    GaussianStatistics a = read(first);
    GaussianStatistics b = read(second);
    if (a.dimension() != b.dimension()) {
      throw new IllegalArgumentException(
          first
              + " has "
              + a.dimension()
              + "-d statistics but "
              + second
              + " has "
              + b.dimension()
              + "-d; compute both with the same feature extractor");
    }
    System.out.println(FrechetDistance.between(a, b));
    return ExitCode.OK.code();
  }

  private static GaussianStatistics read(Path file) {
    try {
      return FidStatisticsFile.read(file);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "cannot read FID statistics " + file + ": " + e.getMessage(), e);
    }
  }
}
