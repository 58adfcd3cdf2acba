package io.xmcgan.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.image.RgbImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShapeClassifierTest {

  @ParameterizedTest(name = "maxShapes {0}, grid {1}")
  @CsvSource({"2, 3", "1, 3", "2, 2", "1, 2", "1, 1"})
  void realLargeShapesAt32PixelsAreClassifiedAsTheirCaptionsSayInEveryLayout(
      int maxShapes, int grid) throws Exception {
    var score =
        CaptionFollowing.score(
            CaptionFollowing.realSamples(32, 3, new ShapesLayout(maxShapes, grid), 200));

    assertThat(score.images()).isEqualTo(200);
    assertThat(score.colorAccuracy()).isGreaterThanOrEqualTo(0.95);
    assertThat(score.shapeAccuracy()).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void aPlainImageHasNoObjectAndFollowsNoCaption() {
    byte[] gray = new byte[32 * 32 * 3];
    Arrays.fill(gray, (byte) 128);
    RgbImage plain = new RgbImage(32, 32, gray);

    assertThat(ShapeClassifier.classify(plain)).isEmpty();
    var caption = CaptionFollowing.probeCaptions().get(0);
    var score = CaptionFollowing.score(List.of(new CaptionFollowing.Sample(plain, caption)));
    assertThat(score.accuracy()).isZero();
    assertThat(score.colorAccuracy()).isZero();
  }

  @Test
  void realImagesOfOneCaptionDifferWhileCopiesOfOneImageDoNot() throws Exception {
    List<CaptionFollowing.Sample> real =
        CaptionFollowing.realSamples(32, 3, ShapesLayout.DEFAULT, 200);
    CaptionFollowing.Sample first = real.get(0);
    List<CaptionFollowing.Sample> copies = List.of(first, first, first);

    assertThat(CaptionFollowing.score(real).diversity()).isBetween(0.05, 0.5);
    assertThat(CaptionFollowing.score(copies).diversity()).isZero();
  }

  @Test
  void diversityIsTheMeanPixelDifferenceBetweenImagesOfTheSameCaption() {
    var caption = CaptionFollowing.probeCaptions().get(0);
    var other = CaptionFollowing.probeCaptions().get(1);
    RgbImage black = filled(0);
    RgbImage white = filled(255);

    var sameCaption =
        CaptionFollowing.score(
            List.of(
                new CaptionFollowing.Sample(black, caption),
                new CaptionFollowing.Sample(white, caption)));
    var differentCaptions =
        CaptionFollowing.score(
            List.of(
                new CaptionFollowing.Sample(black, caption),
                new CaptionFollowing.Sample(white, other)));

    assertThat(sameCaption.diversity()).isEqualTo(1.0);
    assertThat(differentCaptions.diversity()).isZero();
  }

  @Test
  void probeCaptionsPairEveryColourWithEveryShape() {
    var captions = CaptionFollowing.probeCaptions();

    assertThat(captions).hasSize(24);
    assertThat(captions.get(0).text()).isEqualTo("a large red circle");
    assertThat(captions)
        .extracting(CaptionFollowing.Caption::color)
        .containsAll(ShapeClassifier.COLORS);
  }

  private static RgbImage filled(int value) {
    byte[] rgb = new byte[8 * 8 * 3];
    Arrays.fill(rgb, (byte) value);
    return new RgbImage(8, 8, rgb);
  }
}
