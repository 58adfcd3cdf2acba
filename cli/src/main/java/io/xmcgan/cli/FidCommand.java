package io.xmcgan.cli;

import io.xmcgan.evaluation.FidInputs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

  @Mixin FidInputs inputs;

  @Override
  public Integer call() {
    return io.xmcgan.evaluation.FidCommand.print(inputs);
  }
}
