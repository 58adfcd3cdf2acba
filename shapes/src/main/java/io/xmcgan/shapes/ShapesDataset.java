package io.xmcgan.shapes;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.xmcgan.shapes.ShapesGenerator.ShapesImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes the synthetic shapes dataset in the COCO-2014 captions layout, one directory per split:
 *
 * <pre>
 * &lt;dir&gt;/annotations/captions_train.json        {"images": [...], "annotations": [...]}
 * &lt;dir&gt;/annotations/captions_validation.json
 * &lt;dir&gt;/train/shapes_train_000001.png
 * &lt;dir&gt;/validation/shapes_validation_000001.png
 * </pre>
 *
 * Each split's captions file is written last (temporary file, then rename), so a directory whose
 * captions file exists holds every image the file lists.
 */
public final class ShapesDataset {

  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  public static final int DEFAULT_IMAGE_SIZE = 64;

  private ShapesDataset() {}

  /** What to generate. */
  public record Options(
      Path outputDir,
      int trainImages,
      int validationImages,
      int imageSize,
      long seed,
      ShapesLayout layout) {
    public Options {
      if (trainImages < 0 || validationImages < 0) {
        throw new IllegalArgumentException(
            "image counts must be zero or more, got train="
                + trainImages
                + " validation="
                + validationImages);
      }
    }
  }

  /** Where one generated split lives: its captions JSON and the directory holding its images. */
  public record Split(String name, Path captionsFile, Path imagesDir, int images) {}

  /** The generated dataset: the train split and the validation split. */
  public record Result(Split train, Split validation) {
    public List<Split> splits() {
      return List.of(train, validation);
    }
  }

  public static Result generate(Options options) throws IOException {
    ShapesGenerator generator =
        new ShapesGenerator(options.imageSize(), options.seed(), options.layout());
    Split train = writeSplit(generator, options.outputDir(), TRAIN, options.trainImages());
    Split validation =
        writeSplit(generator, options.outputDir(), VALIDATION, options.validationImages());
    return new Result(train, validation);
  }

  /**
   * The relative file name of image {@code index} (0-based) of a split, as the captions list it.
   */
  public static String fileName(String split, int index) {
    return String.format("shapes_%s_%06d.png", split, index + 1);
  }

  private static Split writeSplit(ShapesGenerator generator, Path root, String split, int count)
      throws IOException {
    Path imagesDir = Files.createDirectories(root.resolve(split));
    Path annotationsDir = Files.createDirectories(root.resolve("annotations"));
    Path captionsFile = annotationsDir.resolve("captions_" + split + ".json");
    Path partial = annotationsDir.resolve("captions_" + split + ".json.partial");
    try (JsonGenerator json =
        new JsonFactory().createGenerator(partial.toFile(), JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeObjectFieldStart("info");
      json.writeStringField("description", "xmcgan synthetic shapes, split " + split);
      json.writeEndObject();
      json.writeArrayFieldStart("images");
      for (int i = 0; i < count; i++) {
        ShapesImage image = generator.render(split, i);
        String fileName = fileName(split, i);
        Files.write(imagesDir.resolve(fileName), image.png());
        json.writeStartObject();
        json.writeNumberField("id", i + 1);
        json.writeStringField("file_name", fileName);
        json.writeNumberField("width", image.width());
        json.writeNumberField("height", image.height());
        writeScene(json, generator.scene(split, i));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("annotations");
      int annotationId = 1;
      for (int i = 0; i < count; i++) {
        for (String caption : generator.captions(split, i)) {
          json.writeStartObject();
          json.writeNumberField("image_id", i + 1);
          json.writeNumberField("id", annotationId++);
          json.writeStringField("caption", caption);
          json.writeEndObject();
        }
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    Files.move(
        partial, captionsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Split(split, captionsFile, imagesDir, count);
  }

  /**
   * What the image shows, beside COCO's fields: its background and its shapes, so tools can train
   * and check models against the truth rather than parse captions.
   */
  private static void writeScene(JsonGenerator json, ShapesScene scene) throws IOException {
    json.writeStringField("background", scene.background().word());
    json.writeArrayFieldStart("shapes");
    for (ShapesScene.PlacedShape shape : scene.shapes()) {
      json.writeStartObject();
      json.writeStringField("shape", shape.kind().word());
      json.writeStringField("color", shape.color().word());
      json.writeStringField("size", shape.sizeWord());
      json.writeNumberField("column", shape.column());
      json.writeNumberField("row", shape.row());
      json.writeEndObject();
    }
    json.writeEndArray();
  }
}
