package io.xmcgan.cli;

import io.xmcgan.evaluator.EvaluatorMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fid}: the evaluator's FID between two statistics files. */
@Command(
    name = "fid",
    mixinStandardHelpOptions = true,
    description =
        "Prints the FID between two .npz statistics files (pytorch-fid layout: mu, sigma).",
    footer = {
      "",
      "Example:",
      "  xmcgan fid real-stats.npz generated-stats.npz",
      "",
      "Files from pytorch-fid's --save-stats and the evaluator's data/stats/ are interchangeable."
    })
final class FidCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "A.npz", description = "First statistics file.")
  Path first;

  @Parameters(index = "1", paramLabel = "B.npz", description = "Second statistics file.")
  Path second;

  @Override
  public Integer call() {
    return EvaluatorMain.run("fid", first.toString(), second.toString());
  }
}
