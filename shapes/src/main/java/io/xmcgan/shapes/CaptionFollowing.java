package io.xmcgan.shapes;

import io.xmcgan.image.RgbImage;
import io.xmcgan.storage.files.EvaluationMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How well images follow shapes-dataset captions: the share of images whose object has the
 * caption's colour, its shape, and both, as {@link ShapeClassifier} sees them, and how much images
 * of the same colour and shape differ from each other ({@link EvaluationMetrics.CaptionScore}). The
 * same measures on real dataset images give the ceiling the generated images are compared against.
 */
public final class CaptionFollowing {

  /** Captions naming one large object: every colour with every shape. */
  public static List<Caption> probeCaptions() {
    List<Caption> captions = new ArrayList<>();
    for (String color : ShapeClassifier.COLORS) {
      for (String shape : ShapeClassifier.SHAPES) {
        captions.add(new Caption("a large " + color + " " + shape, color, shape));
      }
    }
    return captions;
  }

  public record Caption(String text, String color, String shape) {}

  /** An image and the caption it was made for (or drawn from). */
  public record Sample(RgbImage image, Caption caption) {}

  private CaptionFollowing() {}

  public static EvaluationMetrics.CaptionScore score(List<Sample> samples) {
    int color = 0;
    int shape = 0;
    int both = 0;
    for (Sample sample : samples) {
      Optional<ShapeClassifier.Prediction> prediction = ShapeClassifier.classify(sample.image());
      boolean colorRight =
          prediction.map(p -> p.color().equals(sample.caption().color())).orElse(false);
      boolean shapeRight =
          prediction.map(p -> p.shape().equals(sample.caption().shape())).orElse(false);
      color += colorRight ? 1 : 0;
      shape += shapeRight ? 1 : 0;
      both += colorRight && shapeRight ? 1 : 0;
    }
    int n = Math.max(1, samples.size());
    return new EvaluationMetrics.CaptionScore(
        samples.size(),
        (double) both / n,
        (double) color / n,
        (double) shape / n,
        diversity(samples));
  }

  private static double diversity(List<Sample> samples) {
    Map<String, List<RgbImage>> groups = new LinkedHashMap<>();
    for (Sample sample : samples) {
      String key = sample.caption().color() + " " + sample.caption().shape();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(sample.image());
    }
    double total = 0;
    long pairs = 0;
    for (List<RgbImage> group : groups.values()) {
      for (int i = 0; i < group.size(); i++) {
        for (int j = i + 1; j < group.size(); j++) {
          total += meanAbsoluteDifference(group.get(i), group.get(j));
          pairs++;
        }
      }
    }
    return pairs == 0 ? 0 : total / pairs;
  }

  private static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
    long sum = 0;
    for (int k = 0; k < a.rgb().length; k++) {
      sum += Math.abs((a.rgb()[k] & 0xff) - (b.rgb()[k] & 0xff));
    }
    return sum / (255.0 * a.rgb().length);
  }

  /**
   * Real images of one large object from the shapes generator, with the colour and shape their
   * captions name: the reference the classifier is measured on.
   */
  public static List<Sample> realSamples(int imageSize, long seed, ShapesLayout layout, int wanted)
      throws IOException {
    ShapesGenerator generator = new ShapesGenerator(imageSize, seed, layout);
    List<Sample> samples = new ArrayList<>();
    for (int index = 0; samples.size() < wanted && index < wanted * 20; index++) {
      List<String> captions = generator.captions("validation", index);
      Optional<Caption> caption = singleLargeObject(captions);
      if (caption.isPresent()) {
        byte[] png = generator.render("validation", index).png();
        samples.add(new Sample(RgbImage.decode(png), caption.get()));
      }
    }
    return samples;
  }

  /** The one object the captions name, when there is one and some caption calls it large. */
  private static Optional<Caption> singleLargeObject(List<String> captions) {
    String first = captions.get(0);
    List<String> words = Arrays.asList(first.toLowerCase().replace(".", "").split(" "));
    List<String> shapes = words.stream().filter(ShapeClassifier.SHAPES::contains).toList();
    List<String> colors = words.stream().filter(ShapeClassifier.COLORS::contains).toList();
    boolean large = captions.stream().anyMatch(c -> c.contains("large"));
    if (shapes.size() != 1 || colors.size() != 1 || !large) {
      return Optional.empty();
    }
    return Optional.of(new Caption(first, colors.get(0), shapes.get(0)));
  }
}
