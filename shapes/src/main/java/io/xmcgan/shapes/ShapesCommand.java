package io.xmcgan.shapes;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code datasets shapes}: writes the synthetic shapes dataset to a local directory. */
@Command(
    name = "shapes",
    mixinStandardHelpOptions = true,
    description = "Write the synthetic shapes dataset (COCO-style captions JSON + PNG images).")
public final class ShapesCommand implements Callable<Integer> {

  @Option(
      names = {"-o", "--output"},
      required = true,
      description = "Directory to write annotations/ and one image directory per split into.")
  Path output;

  @Option(
      names = "--train",
      defaultValue = "2000",
      description = "Train images (${DEFAULT-VALUE}).")
  int train;

  @Option(
      names = "--validation",
      defaultValue = "500",
      description = "Validation images (${DEFAULT-VALUE}).")
  int validation;

  @Option(
      names = "--image-size",
      defaultValue = "64",
      description = "Side of the square images in pixels (${DEFAULT-VALUE}).")
  int imageSize;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--max-shapes",
      defaultValue = "2",
      description = "Shapes per image: 2 draws one or two, 1 exactly one (${DEFAULT-VALUE}).")
  int maxShapes;

  @Option(
      names = "--grid",
      defaultValue = "3",
      description =
          "Cells per side of the layout, one shape per cell, sized to it: 3, 2, or 1 for one big"
              + " centred shape (needs --max-shapes 1) (${DEFAULT-VALUE}).")
  int grid;

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "true");
    long start = System.nanoTime();
    ShapesDataset.Result result =
        ShapesDataset.generate(
            new ShapesDataset.Options(
                output, train, validation, imageSize, seed, new ShapesLayout(maxShapes, grid)));
    double seconds = (System.nanoTime() - start) / 1e9;
    for (ShapesDataset.Split split : result.splits()) {
      System.out.printf(
          "%s: %d images in %s, captions %s%n",
          split.name(), split.images(), split.imagesDir(), split.captionsFile());
    }
    System.out.printf("done in %.1f s%n", seconds);
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ShapesCommand()).execute(args));
  }
}
