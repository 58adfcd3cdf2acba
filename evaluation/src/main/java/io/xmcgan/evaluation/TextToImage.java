package io.xmcgan.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.xmcgan.evaluation.ImageGenerator.Variant;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.image.RgbImage;
import io.xmcgan.text.CaptionEncoder.EncodedCaption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Text-to-image for users ({@code generate}): images for encoded captions from a checkpoint's
 * generator. Image {@code j} of every caption uses the {@code j}-th noise vector drawn from {@code
 * seed}, so a seed reproduces the same images, and captions can be compared under equal noise.
 */
public final class TextToImage {

  /** Generated image {@code index} (from 0) of caption {@code captionIndex} (from 0). */
  public record GeneratedImage(int captionIndex, int index, String caption, RgbImage image) {

    public String fileName() {
      return String.format("caption-%02d-image-%02d.png", captionIndex + 1, index + 1);
    }
  }

  public static final String GRID_FILE = "grid.png";

  private TextToImage() {}

  public static List<GeneratedImage> generate(
      ImageGenerator generator,
      Variant variant,
      List<EncodedCaption> captions,
      int imagesPerCaption,
      long seed) {
    if (captions.isEmpty() || imagesPerCaption < 1) {
      throw new IllegalArgumentException(
          "generate needs at least one caption and one image per caption, got "
              + captions.size()
              + " and "
              + imagesPerCaption);
    }
    ModelConfig config = generator.config();
    int tokens = config.maxTokens();
    int width = config.textDim();
    float[] noise = noise(seed, imagesPerCaption, config.zDim());
    List<GeneratedImage> images = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int c = 0; c < captions.size(); c++) {
        EncodedCaption caption = captions.get(c);
        if (caption.embedding().length != tokens * width) {
          throw new IllegalArgumentException(
              "the text encoder gives "
                  + caption.embedding().length
                  + " values per caption but the model expects "
                  + tokens
                  + " tokens of width "
                  + width
                  + "; use the experiment's text encoder (dataset.textEncoder)");
        }
        float[] words = new float[imagesPerCaption * tokens * width];
        int[] maxLen = new int[imagesPerCaption];
        for (int j = 0; j < imagesPerCaption; j++) {
          System.arraycopy(caption.embedding(), 0, words, j * tokens * width, tokens * width);
          maxLen[j] = caption.maxLen();
        }
        try (NDManager batch = manager.newSubManager()) {
          NDArray generated = generator.generate(batch, variant, words, maxLen, noise);
          List<RgbImage> rgb =
              ImageTensors.toImages(generated.toFloatArray(), imagesPerCaption, config.imageSize());
          for (int j = 0; j < imagesPerCaption; j++) {
            images.add(new GeneratedImage(c, j, caption.text(), rgb.get(j)));
          }
        }
      }
    }
    return images;
  }

  /** The noise of images 0 .. {@code images - 1} of every caption for {@code seed}. */
  public static float[] noise(long seed, int images, int zDim) {
    return Noise.gaussian(new SplittableRandom(seed), images * zDim);
  }

  /**
   * Writes every image as {@code caption-CC-image-II.png} and a captioned {@value #GRID_FILE} (one
   * row per caption) into {@code directory}; returns the files written.
   */
  public static List<Path> write(List<GeneratedImage> images, Path directory) throws IOException {
    Files.createDirectories(directory);
    List<Path> written = new ArrayList<>();
    List<SampleGrid.Cell> cells = new ArrayList<>();
    int columns = 1;
    for (GeneratedImage image : images) {
      Path file = directory.resolve(image.fileName());
      Files.write(file, image.image().png());
      written.add(file);
      cells.add(new SampleGrid.Cell(image.image(), image.caption()));
      columns = Math.max(columns, image.index() + 1);
    }
    Path grid = directory.resolve(GRID_FILE);
    Files.write(grid, SampleGrid.png(cells, columns));
    written.add(grid);
    return written;
  }
}
