package io.xmcgan.evaluation;

import io.xmcgan.evaluation.metrics.FidStatisticsFile;
import io.xmcgan.evaluation.metrics.FrechetDistance;
import io.xmcgan.evaluation.metrics.GaussianStatistics;
import io.xmcgan.failure.ExitCode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fid A.npz B.npz}: the Fréchet distance between two pytorch-fid statistics files. */
@Command(
    name = "fid",
    mixinStandardHelpOptions = true,
    description =
        "Prints the FID between two .npz statistics files (pytorch-fid layout: mu, sigma).")
public final class FidCommand implements Callable<Integer> {

  @Mixin FidInputs inputs;

  @Override
  public Integer call() {
    return print(inputs);
  }

  /** Prints the distance; the CLI's {@code fid} calls it too. */
  public static int print(FidInputs inputs) {
    Path first = inputs.first;
    Path second = inputs.second;
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
