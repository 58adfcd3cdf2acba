package io.xmcgan.cli;

import io.xmcgan.evaluator.EvaluatorMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code generate}: images for new captions from an experiment's checkpoint, through the
 * evaluator's {@code generate} command.
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

  @Option(
      names = "--caption",
      required = true,
      paramLabel = "TEXT",
      description = "A caption; repeat for several.")
  List<String> captions;

  @Option(
      names = "--checkpoint",
      paramLabel = "STEP",
      description = "Checkpoint step (default: the newest valid checkpoint).")
  Long checkpoint;

  @Option(
      names = "--images-per-caption",
      defaultValue = "1",
      description = "Images per caption (default: ${DEFAULT-VALUE}).")
  int imagesPerCaption;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Noise seed; the same seed gives the same images (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--raw", description = "Use the raw generator instead of the EMA one.")
  boolean raw;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Directory for the images (default: " + DEFAULT_OUTPUT_DIR + "/<name>/).")
  Path output;

  @Override
  public Integer call() {
    Path target =
        output != null ? output : Path.of(DEFAULT_OUTPUT_DIR, Experiments.resolve(manifest).name());
    List<String> args = new ArrayList<>();
    args.addAll(List.of("generate", "--experiment", manifest.toString()));
    args.addAll(List.of("--output", target.toString()));
    args.addAll(List.of("--images-per-caption", String.valueOf(imagesPerCaption)));
    args.addAll(List.of("--seed", String.valueOf(seed)));
    if (checkpoint != null) {
      args.addAll(List.of("--checkpoint", String.valueOf(checkpoint)));
    }
    if (raw) {
      args.add("--raw");
    }
    for (String caption : captions) {
      args.addAll(List.of("--caption", caption));
    }
    return EvaluatorMain.run(args.toArray(String[]::new));
  }

  /** The command that generates images for {@code manifest}, as the run summary shows it. */
  static String exampleCommand(String manifest) {
    return "./xmcgan generate "
        + manifest
        + " --caption 'a large red circle' --images-per-caption 4";
  }
}
