package io.xmcgan.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.image.RgbImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ShapeClassifierTest {

  private static final NamedColor WHITE = NamedColor.BACKGROUNDS.get(0);

  @ParameterizedTest(name = "seed {0}, maxShapes {1}, grid {2}, {3} px")
  @CsvSource({
    "1, 1, 1, 32", "2, 1, 1, 32", "3, 1, 1, 32",
    "1, 2, 3, 32", "2, 2, 3, 32", "3, 2, 3, 32",
    "3, 1, 2, 32", "3, 2, 3, 64"
  })
  void realImagesScoreAtLeast95PerCentOnColourShapeAndBackground(
      long seed, int maxShapes, int grid, int size) throws Exception {
    var score =
        CaptionFollowing.score(
            CaptionFollowing.realSamples(size, seed, new ShapesLayout(maxShapes, grid), 200));

    assertThat(score.images()).isEqualTo(200);
    assertThat(score.colorAccuracy()).isGreaterThanOrEqualTo(0.95);
    assertThat(score.shapeAccuracy()).isGreaterThanOrEqualTo(0.95);
    assertThat(score.backgroundImages()).isEqualTo(200);
    assertThat(score.backgroundAccuracy()).isGreaterThanOrEqualTo(0.95);
    assertThat(score.shapeAccuracyByShape().values())
        .allSatisfy(a -> assertThat(a).isGreaterThanOrEqualTo(0.95));
  }

  @Test
  void realImagesKeepTheirShapeUnderPixelNoise() throws Exception {
    Random random = new Random(5);
    List<CaptionFollowing.Sample> noisy = new ArrayList<>();
    for (var sample : CaptionFollowing.realSamples(32, 1, new ShapesLayout(1, 1), 200)) {
      byte[] rgb = sample.image().rgb().clone();
      for (int i = 0; i < rgb.length; i++) {
        long value = Math.round((rgb[i] & 0xff) + 8 * random.nextGaussian());
        rgb[i] = (byte) Math.max(0, Math.min(255, value));
      }
      noisy.add(new CaptionFollowing.Sample(new RgbImage(32, 32, rgb), sample.caption()));
    }

    assertThat(CaptionFollowing.score(noisy).shapeAccuracy()).isGreaterThanOrEqualTo(0.95);
  }

  /**
   * Objects that are not the dataset's shapes, drawn at the quickstart's size (27 px in 32) and at
   * 16 px, in every colour on every background: none may be called a shape.
   */
  static Stream<Arguments> notQuiteShapes() {
    BadShapes.Outline circle = BadShapes.superellipse(2);
    BadShapes.Outline diamond = BadShapes.superellipse(1);
    BadShapes.Outline square = (x, y) -> Math.abs(x) <= 1 && Math.abs(y) <= 1;
    List<Arguments> cases = new ArrayList<>();
    for (double extent : new double[] {27, 16}) {
      for (double p : new double[] {1.2, 1.3, 1.4, 1.5}) {
        cases.add(
            Arguments.of(
                "rounded diamond, superellipse " + p,
                extent,
                BadShapes.coverage(BadShapes.superellipse(p), 32, extent)));
      }
      for (double p : new double[] {3, 4}) {
        cases.add(
            Arguments.of(
                "squircle, superellipse " + p,
                extent,
                BadShapes.coverage(BadShapes.superellipse(p), 32, extent)));
      }
      for (double t : new double[] {0.25, 0.5, 0.75}) {
        cases.add(
            Arguments.of(
                "circle and diamond blended " + t,
                extent,
                BadShapes.coverage(circle, diamond, t, 32, extent)));
      }
      for (double amplitude : new double[] {0.05, 0.1}) {
        for (int waves : new int[] {2, 3, 4}) {
          cases.add(
              Arguments.of(
                  "square with sides waving by " + amplitude + ", " + waves + " waves",
                  extent,
                  BadShapes.coverage(BadShapes.wavySquare(amplitude, waves), 32, extent)));
        }
      }
      for (double amplitude : new double[] {0.1, 0.2}) {
        for (int lobes : new int[] {3, 5}) {
          cases.add(
              Arguments.of(
                  "blob, radius swelling by " + amplitude + " over " + lobes + " lobes",
                  extent,
                  BadShapes.coverage(BadShapes.blob(amplitude, lobes), 32, extent)));
        }
      }
      cases.add(blurred("square", square, extent, 1.5));
      cases.add(blurred("circle", circle, extent, 1.5));
      cases.add(blurred("diamond", diamond, extent, 1.5));
    }
    cases.add(blurred("diamond", diamond, 27, 0.75));
    cases.add(blurred("square", square, 16, 1.0));
    cases.add(blurred("circle", circle, 16, 1.0));
    return cases.stream();
  }

  private static Arguments blurred(
      String name, BadShapes.Outline outline, double extent, double sigma) {
    return Arguments.of(
        name + " blurred by " + sigma + " px",
        extent,
        BadShapes.blurred(BadShapes.coverage(outline, 32, extent), 32, sigma));
  }

  @ParameterizedTest(name = "{0}, {1} px")
  @MethodSource("notQuiteShapes")
  void objectsThatAreNotQuiteADatasetShapeHaveNoShape(String name, double extent, double[] cover) {
    for (NamedColor color : NamedColor.SHAPE_COLORS) {
      for (NamedColor background : NamedColor.BACKGROUNDS) {
        var prediction = ShapeClassifier.classify(BadShapes.paint(cover, 32, color, background));

        assertThat(prediction.color())
            .as("%s on %s", color.word(), background.word())
            .isEqualTo(color.word());
        assertThat(prediction.shape())
            .as("%s on %s: %s", color.word(), background.word(), prediction)
            .isEqualTo(ShapeClassifier.NONE);
      }
    }
  }

  /** The same drawing code gives the ideal shapes and mild blur a pass: the refusals are earned. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"diamond, 1, 0", "circle, 2, 0", "circle, 2, 0.5", "diamond, 1, 0.5"})
  void idealShapesAndSlightBlurAreAccepted(String shape, double exponent, double sigma) {
    double[] cover = BadShapes.coverage(BadShapes.superellipse(exponent), 32, 27);
    if (sigma > 0) {
      cover = BadShapes.blurred(cover, 32, sigma);
    }

    var prediction =
        ShapeClassifier.classify(BadShapes.paint(cover, 32, NamedColor.SHAPE_COLORS.get(2), WHITE));

    assertThat(prediction.shape()).isEqualTo(shape);
    assertThat(prediction.shapeIou()).isGreaterThanOrEqualTo(ShapeClassifier.MIN_SHAPE_IOU);
  }

  @Test
  void aPlainImageHasNoObjectButItsBackgroundAndFollowsNoCaption() {
    byte[] gray = new byte[32 * 32 * 3];
    Arrays.fill(gray, (byte) 128);
    RgbImage plain = new RgbImage(32, 32, gray);

    var prediction = ShapeClassifier.classify(plain);
    assertThat(prediction.color()).isEqualTo(ShapeClassifier.NONE);
    assertThat(prediction.shape()).isEqualTo(ShapeClassifier.NONE);
    assertThat(prediction.background()).isEqualTo("gray");
    var caption = CaptionFollowing.probeCaptions().get(0);
    var score = CaptionFollowing.score(List.of(new CaptionFollowing.Sample(plain, caption)));
    assertThat(score.accuracy()).isZero();
    assertThat(score.colorAccuracy()).isZero();
  }

  @ParameterizedTest(name = "border ({0}, {1}, {2}) is {3}")
  @CsvSource({
    "245, 245, 245, white",
    "215, 215, 215, white",
    "20, 20, 20, black",
    "50, 50, 50, black",
    "128, 128, 128, gray",
    "100, 100, 100, gray",
    "200, 100, 100, none",
    "60, 60, 160, none"
  })
  void theBackgroundIsTheNearestDatasetBackgroundWhenCloseToOne(int r, int g, int b, String name) {
    byte[] rgb = new byte[16 * 16 * 3];
    for (int p = 0; p < 16 * 16; p++) {
      rgb[p * 3] = (byte) r;
      rgb[p * 3 + 1] = (byte) g;
      rgb[p * 3 + 2] = (byte) b;
    }

    assertThat(ShapeClassifier.classify(new RgbImage(16, 16, rgb)).background()).isEqualTo(name);
  }

  @Test
  void aBorderHalfBlackAndHalfWhiteIsNoBackgroundRatherThanGray() {
    byte[] rgb = new byte[16 * 16 * 3];
    for (int p = 0; p < 16 * 16; p++) {
      byte value = (byte) (p % 16 < 8 ? 20 : 245);
      Arrays.fill(rgb, p * 3, p * 3 + 3, value);
    }

    assertThat(ShapeClassifier.classify(new RgbImage(16, 16, rgb)).background())
        .isEqualTo(ShapeClassifier.NONE);
  }

  @Test
  void aHaloOfAnotherColourIsNotPartOfTheObject() {
    BadShapes.Outline square = (x, y) -> Math.abs(x) <= 1 && Math.abs(y) <= 1;
    double[] object = BadShapes.coverage(square, 32, 20);
    double[] halo = BadShapes.coverage(square, 32, 24);
    RgbImage image =
        BadShapes.paint(object, 32, NamedColor.SHAPE_COLORS.get(2), NamedColor.BACKGROUNDS.get(1));
    byte[] rgb = image.rgb();
    for (int p = 0; p < object.length; p++) {
      if (halo[p] > 0 && object[p] == 0 && p % 32 >= 16) {
        Arrays.fill(rgb, p * 3, p * 3 + 3, (byte) 245);
      }
    }

    var prediction = ShapeClassifier.classify(image);
    assertThat(prediction.shape()).isEqualTo("square");
    assertThat(prediction.shapeIou()).isGreaterThan(0.98);
  }

  @Test
  void theScoreCountsEachCaptionShapeAgainstWhatWasSeen() throws Exception {
    List<CaptionFollowing.Sample> real =
        CaptionFollowing.realSamples(32, 1, new ShapesLayout(1, 1), 40);
    double[] roundedDiamond = BadShapes.coverage(BadShapes.superellipse(1.4), 32, 27);
    RgbImage blob = BadShapes.paint(roundedDiamond, 32, NamedColor.SHAPE_COLORS.get(0), WHITE);
    List<CaptionFollowing.Sample> samples = new ArrayList<>();
    for (var sample : real) {
      var caption = sample.caption();
      // Every real image once with its caption, once captioned as a circle on a black background.
      samples.add(sample);
      samples.add(
          new CaptionFollowing.Sample(
              sample.image(),
              new CaptionFollowing.Caption("x", caption.color(), "circle", "black")));
    }
    samples.add(
        new CaptionFollowing.Sample(
            blob, new CaptionFollowing.Caption("a red circle", "red", "circle", null)));

    var score = CaptionFollowing.score(samples);

    int realCircles = count(real, s -> s.caption().shape().equals("circle"));
    int realSquares = count(real, s -> s.caption().shape().equals("square"));
    int realBlack = count(real, s -> s.caption().background().equals("black"));
    var circleRow = score.shapeConfusion().get("circle");
    assertThat(circleRow.get(ShapeClassifier.NONE)).isEqualTo(1);
    assertThat(circleRow.get("circle")).isEqualTo(2 * realCircles);
    assertThat(circleRow.values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(41 + realCircles);
    assertThat(score.shapeConfusion().get("square").get("square")).isEqualTo(realSquares);
    assertThat(score.shapeAccuracyByShape().get("circle"))
        .isEqualTo(2.0 * realCircles / (41 + realCircles));
    assertThat(score.shapeAccuracyByShape().get("square")).isEqualTo(1.0);
    assertThat(score.backgroundImages()).isEqualTo(80);
    assertThat(score.backgroundAccuracy()).isEqualTo((40.0 + realBlack) / 80);
    assertThat(score.weakestShape()).map(e -> e.getKey()).contains("circle");
  }

  /**
   * Strict accuracy is 0 for a near miss and a plain miss alike; the mean overlap with the
   * caption's shape tells them apart, so a run's progress shows before its outlines pass.
   */
  @Test
  void theOverlapWithTheCaptionsShapeRanksANearMissAboveAMiss() throws Exception {
    NamedColor red = NamedColor.SHAPE_COLORS.get(0);
    RgbImage roundedDiamond =
        BadShapes.paint(BadShapes.coverage(BadShapes.superellipse(1.4), 32, 27), 32, red, WHITE);
    BadShapes.Outline squareOutline = (x, y) -> Math.abs(x) <= 1 && Math.abs(y) <= 1;
    RgbImage square = BadShapes.paint(BadShapes.coverage(squareOutline, 32, 27), 32, red, WHITE);
    RgbImage empty = BadShapes.paint(new double[32 * 32], 32, red, WHITE);
    List<CaptionFollowing.Sample> realCircles =
        CaptionFollowing.realSamples(32, 1, new ShapesLayout(1, 1), 40).stream()
            .filter(s -> s.caption().shape().equals("circle"))
            .toList();

    double nearMiss = overlapAsDiamond(List.of(roundedDiamond));
    double miss = overlapAsDiamond(List.of(square));

    assertThat(CaptionFollowing.score(realCircles).shapeOverlapByShape().get("circle"))
        .isGreaterThan(0.97);
    assertThat(nearMiss).isBetween(0.85, ShapeClassifier.MIN_SHAPE_IOU);
    assertThat(miss).isLessThan(nearMiss - 0.05);
    assertThat(overlapAsDiamond(List.of(roundedDiamond, empty))).isEqualTo(nearMiss / 2);
    for (RgbImage image : List.of(roundedDiamond, square)) {
      assertThat(ShapeClassifier.classify(image).shape()).isNotEqualTo("diamond");
    }
  }

  private static double overlapAsDiamond(List<RgbImage> images) {
    List<CaptionFollowing.Sample> samples =
        images.stream()
            .map(
                image ->
                    new CaptionFollowing.Sample(
                        image,
                        new CaptionFollowing.Caption("a red diamond", "red", "diamond", null)))
            .toList();
    var score = CaptionFollowing.score(samples);
    assertThat(score.shapeAccuracyByShape().get("diamond")).isZero();
    return score.shapeOverlapByShape().get("diamond");
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
  void probeCaptionsPairEveryColourWithEveryShapeAloneAndOnEveryBackground() {
    var captions = CaptionFollowing.probeCaptions();

    assertThat(captions).hasSize(24 + 72);
    assertThat(captions.get(0))
        .isEqualTo(new CaptionFollowing.Caption("a large red circle", "red", "circle", null));
    assertThat(captions.get(24))
        .isEqualTo(
            new CaptionFollowing.Caption(
                "a red circle on a white background", "red", "circle", "white"));
    assertThat(captions)
        .extracting(CaptionFollowing.Caption::text)
        .contains("an orange diamond on a black background");
    assertThat(captions).filteredOn(c -> c.background() != null).hasSize(72);
    assertThat(captions)
        .extracting(CaptionFollowing.Caption::background)
        .containsAll(ShapeClassifier.BACKGROUNDS);
  }

  private static int count(
      List<CaptionFollowing.Sample> samples,
      java.util.function.Predicate<CaptionFollowing.Sample> test) {
    return (int) samples.stream().filter(test).count();
  }

  private static RgbImage filled(int value) {
    byte[] rgb = new byte[8 * 8 * 3];
    Arrays.fill(rgb, (byte) value);
    return new RgbImage(8, 8, rgb);
  }
}
