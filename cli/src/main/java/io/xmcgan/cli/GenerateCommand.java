package io.xmcgan.cli;

import io.xmcgan.evaluation.CommonOptions;
import io.xmcgan.evaluation.GenerateOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code generate}: images for new captions from an experiment's checkpoint, through the
 * evaluator's {@code generate} with its options.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generates images for captions with a trained experiment's EMA generator.",
    footer = {
      "",
      "Examples:",
      "  xmcgan generate manifests/samples/shapes-quickstart.yaml --caption 'a large red circle'",
      "  xmcgan generate manifests/samples/shapes-quickstart.yaml \\",
      "      --caption 'a blue square on a white background' --caption 'a green triangle' \\",
      "      --images-per-caption 4 --seed 7 --output my-images",
      "",
      "Writes caption-CC-image-II.png per image and grid.png (one row per caption)."
    })
final class GenerateCommand implements Callable<Integer> {

  static final String DEFAULT_OUTPUT_DIR = "generated";

  @Parameters(paramLabel = "MANIFEST", description = "The experiment's manifest (as given to run).")
  Path manifest;

  @Mixin GenerateOptions options;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Directory for the images (default: " + DEFAULT_OUTPUT_DIR + "/<name>/).")
  Path output;

  @Override
  public Integer call() throws Exception {
    Path target =
        output != null ? output : Path.of(DEFAULT_OUTPUT_DIR, Experiments.resolve(manifest).name());
    return io.xmcgan.evaluation.GenerateCommand.generate(
        CommonOptions.of(manifest), options, target);
  }

  /** The command that generates images for {@code manifest}, as the run summary shows it. */
  static String exampleCommand(String manifest) {
    return "./xmcgan generate "
        + manifest
        + " --caption 'a large red circle' --images-per-caption 4";
  }
}
