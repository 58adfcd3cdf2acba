package io.xmcgan.shapes;

import io.xmcgan.image.RgbImage;
import io.xmcgan.storage.files.EvaluationMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well images follow shapes-dataset captions: the share of images whose object has the
 * caption's colour, its shape, its background (when the caption names one) and all of them, as
 * {@link ShapeClassifier} sees them, per shape with a confusion matrix, and how much images of the
 * same colour and shape differ from each other ({@link EvaluationMetrics.CaptionScore}). The same
 * measures on real dataset images give the ceiling the generated images are compared against.
 */
public final class CaptionFollowing {

  /**
   * Every colour with every shape, first as "a large red circle", then on each background in the
   * dataset's own words, "a red circle on a black background": 24 + 72 captions.
   */
  public static List<Caption> probeCaptions() {
    List<Caption> captions = new ArrayList<>();
    for (String color : ShapeClassifier.COLORS) {
      for (String shape : ShapeClassifier.SHAPES) {
        captions.add(new Caption("a large " + color + " " + shape, color, shape, null));
      }
    }
    for (String background : ShapeClassifier.BACKGROUNDS) {
      for (String color : ShapeClassifier.COLORS) {
        for (String shape : ShapeClassifier.SHAPES) {
          String text = ShapesCaptions.onBackground(color + " " + shape, background);
          captions.add(new Caption(text, color, shape, background));
        }
      }
    }
    return captions;
  }

  /**
   * @param background the background the caption names, or null when it names none
   */
  public record Caption(String text, String color, String shape, String background) {

    /** Whether the caption names a combination the training split never draws. */
    public boolean heldOut() {
      return background != null && HeldOutCombinations.contains(color, shape, background);
    }
  }

  /** An image and the caption it was made for (or drawn from). */
  public record Sample(RgbImage image, Caption caption) {}

  private CaptionFollowing() {}

  public static EvaluationMetrics.CaptionScore score(List<Sample> samples) {
    int color = 0;
    int shape = 0;
    int background = 0;
    int withBackground = 0;
    int all = 0;
    Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
    Map<String, Double> overlapSums = new LinkedHashMap<>();
    for (String captionShape : ShapeClassifier.SHAPES) {
      Map<String, Integer> row = new LinkedHashMap<>();
      for (String seen : ShapeClassifier.SHAPES) {
        row.put(seen, 0);
      }
      row.put(ShapeClassifier.NONE, 0);
      confusion.put(captionShape, row);
    }
    for (Sample sample : samples) {
      Caption caption = sample.caption();
      ShapeClassifier.Prediction prediction = ShapeClassifier.classify(sample.image());
      boolean colorRight = prediction.color().equals(caption.color());
      boolean shapeRight = prediction.shape().equals(caption.shape());
      boolean backgroundRight =
          caption.background() == null || prediction.background().equals(caption.background());
      color += colorRight ? 1 : 0;
      shape += shapeRight ? 1 : 0;
      if (caption.background() != null) {
        withBackground++;
        background += backgroundRight ? 1 : 0;
      }
      all += colorRight && shapeRight && backgroundRight ? 1 : 0;
      confusion.get(caption.shape()).merge(prediction.shape(), 1, Integer::sum);
      overlapSums.merge(caption.shape(), prediction.overlaps().get(caption.shape()), Double::sum);
    }
    Map<String, Double> byShape = new LinkedHashMap<>();
    Map<String, Double> overlapByShape = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Integer>> row : confusion.entrySet()) {
      int total = row.getValue().values().stream().mapToInt(Integer::intValue).sum();
      if (total > 0) {
        byShape.put(row.getKey(), (double) row.getValue().get(row.getKey()) / total);
        overlapByShape.put(row.getKey(), overlapSums.get(row.getKey()) / total);
      }
    }
    int n = Math.max(1, samples.size());
    return new EvaluationMetrics.CaptionScore(
        samples.size(),
        (double) all / n,
        (double) color / n,
        (double) shape / n,
        withBackground,
        withBackground == 0 ? null : (double) background / withBackground,
        byShape,
        overlapByShape,
        confusion,
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
   * captions name and the background they are drawn on: the reference the classifier is measured
   * on.
   */
  public static List<Sample> realSamples(int imageSize, long seed, ShapesLayout layout, int wanted)
      throws IOException {
    ShapesGenerator generator = new ShapesGenerator(imageSize, seed, layout);
    List<Sample> samples = new ArrayList<>();
    for (int index = 0; samples.size() < wanted && index < wanted * 20; index++) {
      ShapesScene scene = generator.scene("validation", index);
      List<String> captions = generator.captions("validation", index);
      if (scene.shapes().size() == 1 && scene.shapes().get(0).large()) {
        ShapesScene.PlacedShape shape = scene.shapes().get(0);
        byte[] png = generator.render("validation", index).png();
        Caption caption =
            new Caption(
                captions.get(0),
                shape.color().word(),
                shape.kind().word(),
                scene.background().word());
        samples.add(new Sample(RgbImage.decode(png), caption));
      }
    }
    return samples;
  }
}
