package io.xmcgan.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.text.CaptionEncoder.EncodedCaption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate's core: a seed reproduces the images, and image j of every caption shares its noise. */
class TextToImageTest {

  @TempDir Path storage;
  @TempDir Path output;

  @Test
  void theSameSeedGivesTheSameImagesAndAnotherSeedOtherOnes() throws Exception {
    ResolvedExperiment experiment = EvalTestData.experiment(storage, "repeats: 1", 30);
    ModelConfig model = experiment.model();
    List<EncodedCaption> captions =
        List.of(caption(model, "a red circle", 1), caption(model, "a blue square", 2));
    try (XmcGanNetworks networks = XmcGanNetworks.create(model, Device.cpu(), 5)) {
      ImageGenerator generator = new ImageGenerator(networks);
      List<TextToImage.GeneratedImage> first =
          TextToImage.generate(generator, ImageGenerator.Variant.EMA, captions, 3, 42);
      List<TextToImage.GeneratedImage> again =
          TextToImage.generate(generator, ImageGenerator.Variant.EMA, captions, 3, 42);
      List<TextToImage.GeneratedImage> otherSeed =
          TextToImage.generate(generator, ImageGenerator.Variant.EMA, captions, 3, 43);
      List<TextToImage.GeneratedImage> secondCaptionAlone =
          TextToImage.generate(
              generator, ImageGenerator.Variant.EMA, captions.subList(1, 2), 3, 42);

      assertThat(first).hasSize(6);
      for (int i = 0; i < first.size(); i++) {
        assertThat(again.get(i).image().rgb()).isEqualTo(first.get(i).image().rgb());
        assertThat(otherSeed.get(i).image().rgb()).isNotEqualTo(first.get(i).image().rgb());
      }
      assertThat(first.get(0).image().rgb()).isNotEqualTo(first.get(1).image().rgb());
      assertThat(first.get(0).image().rgb()).isNotEqualTo(first.get(3).image().rgb());
      for (int j = 0; j < 3; j++) {
        assertThat(secondCaptionAlone.get(j).image().rgb())
            .isEqualTo(first.get(3 + j).image().rgb());
      }

      List<Path> files = TextToImage.write(first, output);
      assertThat(files)
          .extracting(p -> p.getFileName().toString())
          .containsExactly(
              "caption-01-image-01.png",
              "caption-01-image-02.png",
              "caption-01-image-03.png",
              "caption-02-image-01.png",
              "caption-02-image-02.png",
              "caption-02-image-03.png",
              TextToImage.GRID_FILE);
      assertThat(javax.imageio.ImageIO.read(files.get(6).toFile()).getWidth())
          .isEqualTo(3 * (SampleGrid.MIN_CELL + 8));
      assertThat(Files.readAllBytes(files.get(0))).isEqualTo(first.get(0).image().png());
    }
  }

  private static EncodedCaption caption(ModelConfig model, String text, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] embedding = new float[model.maxTokens() * model.textDim()];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = (float) random.nextGaussian();
    }
    return new EncodedCaption(text, new long[model.maxTokens()], 5, embedding);
  }
}
