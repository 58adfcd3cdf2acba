package io.xmcgan.evaluation;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@code generate} apart from {@code --output}, shared by the evaluator's command
 * and the CLI's (which differ only in where the images go by default).
 */
public final class GenerateOptions {

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
}
