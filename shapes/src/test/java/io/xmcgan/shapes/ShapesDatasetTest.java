package io.xmcgan.shapes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.image.RgbImage;
import io.xmcgan.shapes.ShapesGenerator.ShapesImage;
import io.xmcgan.shapes.ShapesScene.PlacedShape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesDatasetTest {

  @TempDir Path dir;

  @Test
  void eachImageListsTheBackgroundAndShapesItShows() throws Exception {
    ShapesDataset.Result result =
        ShapesDataset.generate(
            new ShapesDataset.Options(dir, 40, 0, 32, 5, new ShapesLayout(1, 1)));

    JsonNode images =
        new ObjectMapper().readTree(result.train().captionsFile().toFile()).get("images");
    for (JsonNode image : images) {
      JsonNode shapes = image.get("shapes");
      assertThat(shapes).hasSize(1);
      JsonNode shape = shapes.get(0);
      assertThat(shape.get("size").asText()).isIn("small", "large");
      assertThat(shape.get("column").asInt()).isZero();
      assertThat(shape.get("row").asInt()).isZero();
      ShapeClassifier.Prediction seen =
          ShapeClassifier.classify(
              RgbImage.decode(
                  Files.readAllBytes(
                      result.train().imagesDir().resolve(image.get("file_name").asText()))));
      assertThat(seen.background()).isEqualTo(image.get("background").asText());
      assertThat(seen.color()).isEqualTo(shape.get("color").asText());
      assertThat(seen.shape()).isEqualTo(shape.get("shape").asText());
    }
  }

  @Test
  void writesCocoStyleCaptionsAndImagesForBothSplits() throws Exception {
    ShapesDataset.Result result =
        ShapesDataset.generate(new ShapesDataset.Options(dir, 20, 7, 64, 3, ShapesLayout.DEFAULT));

    JsonNode train = new ObjectMapper().readTree(result.train().captionsFile().toFile());
    assertThat(train.get("images")).hasSize(20);
    assertThat(train.get("annotations")).hasSize(100);
    JsonNode first = train.get("images").get(0);
    assertThat(first.get("id").asInt()).isEqualTo(1);
    assertThat(first.get("file_name").asText()).isEqualTo("shapes_train_000001.png");
    assertThat(first.get("width").asInt()).isEqualTo(64);
    assertThat(train.get("annotations").get(0).get("image_id").asInt()).isEqualTo(1);
    BufferedImage image =
        ImageIO.read(result.train().imagesDir().resolve("shapes_train_000001.png").toFile());
    assertThat(image.getWidth()).isEqualTo(64);
    assertThat(image.getHeight()).isEqualTo(64);

    JsonNode validation = new ObjectMapper().readTree(result.validation().captionsFile().toFile());
    assertThat(validation.get("images")).hasSize(7);
    assertThat(Files.list(result.validation().imagesDir())).hasSize(7);
    assertThat(Files.list(dir.resolve("annotations")))
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("captions_train.json", "captions_validation.json");
  }

  @Test
  void sameSeedGivesIdenticalFilesAndAnotherSeedDoesNot() throws Exception {
    ShapesDataset.generate(
        new ShapesDataset.Options(dir.resolve("a"), 30, 5, 64, 11, ShapesLayout.DEFAULT));
    ShapesDataset.generate(
        new ShapesDataset.Options(dir.resolve("b"), 30, 5, 64, 11, ShapesLayout.DEFAULT));
    ShapesDataset.generate(
        new ShapesDataset.Options(dir.resolve("c"), 30, 5, 64, 12, ShapesLayout.DEFAULT));
    for (String file :
        List.of("annotations/captions_train.json", "train/shapes_train_000030.png")) {
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(file)))
          .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(file)));
    }
    assertThat(Files.readAllBytes(dir.resolve("a/annotations/captions_train.json")))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("c/annotations/captions_train.json")));
  }

  @Test
  void everyImageHasFiveDifferentCaptionsAndSplitsDiffer() {
    ShapesGenerator generator = new ShapesGenerator(64, 0);
    Set<String> trainCaptions = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      List<String> captions = generator.render("train", i).captions();
      assertThat(captions).hasSize(5).doesNotHaveDuplicates().allMatch(c -> !c.isBlank());
      trainCaptions.addAll(captions);
    }
    assertThat(generator.render("train", 4).png())
        .isNotEqualTo(generator.render("validation", 4).png());
    assertThat(trainCaptions.size()).as("caption variety over 300 images").isGreaterThan(600);
  }

  @Test
  void captionsNameTheColourAndKindOfEveryShapeDrawn() throws Exception {
    ShapesGenerator generator = new ShapesGenerator(64, 5);
    int twoShapeImages = 0;
    for (int i = 0; i < 200; i++) {
      ShapesScene scene = generator.scene("train", i);
      ShapesImage image = generator.render("train", i);
      BufferedImage pixels = ImageIO.read(new ByteArrayInputStream(image.png()));
      String allCaptions = String.join(" | ", image.captions());
      for (PlacedShape shape : scene.shapes()) {
        int rgb = pixels.getRGB((int) shape.centerX(), (int) shape.centerY()) & 0xffffff;
        assertThat(rgb)
            .as("centre pixel of %s in image %d", shape, i)
            .isEqualTo(shape.color().rgb().getRGB() & 0xffffff);
        assertThat(allCaptions).contains(shape.color().word() + " " + shape.kind().word());
      }
      if (scene.shapes().size() == 2) {
        twoShapeImages++;
        assertThat(image.captions())
            .anyMatch(c -> c.matches(".*(to the left of|to the right of|above|below).*"));
      }
    }
    assertThat(twoShapeImages).isBetween(60, 140);
  }

  @Test
  void aGridOfOneDrawsOneBigCentredShapeAndCaptionsPlaceItInTheCenter() {
    ShapesGenerator generator = new ShapesGenerator(32, 5, new ShapesLayout(1, 1));
    for (int i = 0; i < 100; i++) {
      List<PlacedShape> shapes = generator.scene("train", i).shapes();
      assertThat(shapes).hasSize(1);
      PlacedShape shape = shapes.get(0);
      assertThat(shape.extent()).isGreaterThanOrEqualTo(0.5 * 32);
      assertThat(shape.centerX() - shape.extent() / 2).isGreaterThanOrEqualTo(0);
      assertThat(shape.centerY() + shape.extent() / 2).isLessThanOrEqualTo(32);
      assertThat(generator.captions("train", i))
          .noneMatch(
              c -> c.matches(".*(corner|on the left|on the right|at the top|at the bottom).*"))
          .anyMatch(c -> c.contains(shape.color().word() + " " + shape.kind().word()));
    }
    assertThatThrownBy(() -> new ShapesLayout(2, 1)).hasMessageContaining("set maxShapes to 1");
  }

  @Test
  void aGridOfTwoKeepsEachShapeInsideItsQuarterAndNamesItsCorner() {
    ShapesGenerator generator = new ShapesGenerator(32, 5, new ShapesLayout(2, 2));
    String[][] corners = {{"top left", "bottom left"}, {"top right", "bottom right"}};
    for (int i = 0; i < 100; i++) {
      ShapesScene scene = generator.scene("train", i);
      for (PlacedShape shape : scene.shapes()) {
        assertThat(shape.centerX() - shape.extent() / 2)
            .isGreaterThanOrEqualTo(shape.column() * 16);
        assertThat(shape.centerX() + shape.extent() / 2)
            .isLessThanOrEqualTo(shape.column() * 16 + 16);
        assertThat(shape.centerY() - shape.extent() / 2).isGreaterThanOrEqualTo(shape.row() * 16);
        assertThat(shape.centerY() + shape.extent() / 2).isLessThanOrEqualTo(shape.row() * 16 + 16);
      }
      if (scene.shapes().size() == 1) {
        PlacedShape shape = scene.shapes().get(0);
        String corner = "in the " + corners[shape.column()][shape.row()] + " corner";
        assertThat(generator.captions("train", i))
            .allMatch(c -> !c.contains("corner") || c.contains(corner));
      }
    }
  }

  @Test
  void captionsUseAnBeforeAVowelAndANowhereElse() {
    ShapesGenerator generator = new ShapesGenerator(32, 5);
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      captions.addAll(generator.captions("train", i));
    }
    assertThat(captions)
        .noneMatch(c -> c.matches("(?i).*\\ba [aeiou].*"))
        .noneMatch(c -> c.matches("(?i).*\\ban [^aeiou].*"))
        .anyMatch(c -> c.contains("an orange "));
  }

  @Test
  void withOneShapeEveryImageHasExactlyOneAndItsCaptionsNameIt() {
    ShapesGenerator generator = new ShapesGenerator(32, 5, new ShapesLayout(1, 3));
    for (int i = 0; i < 200; i++) {
      ShapesScene scene = generator.scene("train", i);
      assertThat(scene.shapes()).hasSize(1);
      PlacedShape shape = scene.shapes().get(0);
      assertThat(generator.captions("train", i))
          .hasSize(5)
          .allMatch(c -> !c.startsWith("two shapes"))
          .anyMatch(c -> c.contains(shape.color().word() + " " + shape.kind().word()));
    }
    assertThatThrownBy(() -> new ShapesLayout(3, 3)).hasMessageContaining("maxShapes");
  }

  @Test
  void theTrainingSplitNeverDrawsAHeldOutCombinationAndTheValidationSplitDrawsEach() {
    for (ShapesLayout layout : List.of(new ShapesLayout(1, 1), ShapesLayout.DEFAULT)) {
      ShapesGenerator generator = new ShapesGenerator(32, 7, layout);
      Set<HeldOutCombinations.Combination> validation = new HashSet<>();
      for (int i = 0; i < 3000; i++) {
        ShapesScene train = generator.scene("train", i);
        assertThat(HeldOutCombinations.containsAny(train)).as("train image %d", i).isFalse();
        ShapesScene scene = generator.scene("validation", i);
        for (PlacedShape shape : scene.shapes()) {
          validation.add(
              new HeldOutCombinations.Combination(
                  shape.color().word(), shape.kind().word(), scene.background().word()));
        }
      }
      assertThat(validation).containsAll(HeldOutCombinations.ALL);
    }
  }

  @Test
  void theProbeAsksForEachHeldOutCombinationInTheDatasetsWords() {
    List<CaptionFollowing.Caption> heldOut =
        CaptionFollowing.probeCaptions().stream()
            .filter(CaptionFollowing.Caption::heldOut)
            .toList();
    assertThat(heldOut)
        .extracting(c -> new HeldOutCombinations.Combination(c.color(), c.shape(), c.background()))
        .containsExactlyInAnyOrderElementsOf(HeldOutCombinations.ALL);
    assertThat(heldOut)
        .extracting(CaptionFollowing.Caption::text)
        .contains("a red triangle on a black background", "an orange circle on a gray background");
  }

  @Test
  void imagesCanBeRenderedIndependentlyInAnyOrder() {
    ShapesGenerator generator = new ShapesGenerator(32, 9);
    List<byte[]> forward =
        IntStream.range(0, 10).mapToObj(i -> generator.render("train", i).png()).toList();
    for (int i = 9; i >= 0; i--) {
      assertThat(new ShapesGenerator(32, 9).render("train", i).png()).isEqualTo(forward.get(i));
      assertThat(generator.captions("train", i)).isEqualTo(generator.render("train", i).captions());
    }
  }
}
