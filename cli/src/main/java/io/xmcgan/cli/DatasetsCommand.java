package io.xmcgan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code datasets}: tools for datasets; {@code datasets shapes} is the trainer image's command. */
@Command(
    name = "datasets",
    mixinStandardHelpOptions = true,
    description = "Dataset tools.",
    footer = {"", "Example:", "  xmcgan datasets shapes --output data/shapes --train 2000"})
final class DatasetsCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Adds the examples to the trainer's {@code shapes} command, which has none of its own. */
  static void describeShapes(CommandLine shapes) {
    shapes
        .getCommandSpec()
        .usageMessage()
        .footer(
            "",
            "Examples:",
            "  xmcgan datasets shapes --output data/shapes",
            "  xmcgan datasets shapes -o data/shapes --train 5000 --validation 1000 --image-size 32",
            "",
            "Writes annotations/captions_{train,validation}.json (COCO layout) and the PNGs;"
                + " point dataset.source.captionsUri/imagesUri at them (file:// or s3://).");
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "give a dataset: shapes (see xmcgan datasets --help)");
  }
}
