package io.xmcgan.shapes;

import io.xmcgan.image.RgbImage;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Tells which colour and which shape the main object of a shapes-dataset image has, with plain
 * image statistics (no learned model), so it can judge whether a generated image follows its
 * caption.
 *
 * <p>The background is the median colour of the border. Every pixel far enough from it is matched
 * to the nearest of the dataset's six colours; the most frequent one is the object's colour. The
 * largest connected region of that colour is the object, and its shape follows from two scale-free
 * features of the region: how much of its bounding box it fills (square 1, circle pi/4, triangle
 * and diamond 1/2) and how far its centroid sits below the box's centre (a triangle with its apex
 * up: 1/6 of the height; the others: 0).
 */
public final class ShapeClassifier {

  /** The dataset's object colours, as the captions name them. */
  public static final List<String> COLORS =
      NamedColor.SHAPE_COLORS.stream().map(NamedColor::word).toList();

  /** The dataset's shapes, as the captions name them. */
  public static final List<String> SHAPES =
      Arrays.stream(ShapeKind.values()).map(ShapeKind::word).toList();

  private static final int[][] PALETTE =
      NamedColor.SHAPE_COLORS.stream()
          .map(c -> new int[] {c.rgb().getRed(), c.rgb().getGreen(), c.rgb().getBlue()})
          .toArray(int[][]::new);

  /** Squared RGB distance from the background beyond which a pixel belongs to an object. */
  private static final int FOREGROUND_DISTANCE2 = 70 * 70;

  private static final double TRIANGLE_CENTROID_OFFSET = 0.07;
  private static final double SQUARE_FILL = 0.88;
  private static final double CIRCLE_FILL = 0.66;

  public record Prediction(String color, String shape) {}

  private ShapeClassifier() {}

  /** The object's colour and shape, or empty when nothing stands out from the background. */
  public static Optional<Prediction> classify(RgbImage image) {
    int width = image.width();
    int height = image.height();
    int[] background = borderMedian(image);
    int[] label = new int[width * height];
    int[] votes = new int[PALETTE.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = image.sample(x, y, 0);
        int g = image.sample(x, y, 1);
        int b = image.sample(x, y, 2);
        if (distance2(r, g, b, background) < FOREGROUND_DISTANCE2) {
          label[y * width + x] = -1;
          continue;
        }
        int nearest = nearestPaletteColor(r, g, b);
        label[y * width + x] = nearest;
        votes[nearest]++;
      }
    }
    int color = argmax(votes);
    if (votes[color] == 0) {
      return Optional.empty();
    }
    boolean[] region = largestRegion(label, color, width, height);
    return Optional.of(new Prediction(COLORS.get(color), shape(region, width, height)));
  }

  private static String shape(boolean[] region, int width, int height) {
    int minX = width;
    int maxX = -1;
    int minY = height;
    int maxY = -1;
    long area = 0;
    double sumY = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (region[y * width + x]) {
          area++;
          sumY += y + 0.5;
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    double boxWidth = maxX - minX + 1;
    double boxHeight = maxY - minY + 1;
    double fill = area / (boxWidth * boxHeight);
    double centroidOffset = (sumY / area - (minY + boxHeight / 2)) / boxHeight;
    if (centroidOffset > TRIANGLE_CENTROID_OFFSET) {
      return "triangle";
    }
    if (fill >= SQUARE_FILL) {
      return "square";
    }
    return fill >= CIRCLE_FILL ? "circle" : "diamond";
  }

  /** The 4-connected region of {@code color} with the most pixels. */
  private static boolean[] largestRegion(int[] label, int color, int width, int height) {
    int[] component = new int[label.length];
    Arrays.fill(component, -1);
    int best = -1;
    int bestSize = 0;
    int next = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int start = 0; start < label.length; start++) {
      if (label[start] != color || component[start] >= 0) {
        continue;
      }
      int id = next++;
      int size = 0;
      component[start] = id;
      queue.add(start);
      while (!queue.isEmpty()) {
        int p = queue.poll();
        size++;
        int x = p % width;
        int y = p / width;
        int[][] neighbours = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
        for (int[] n : neighbours) {
          if (n[0] < 0 || n[1] < 0 || n[0] >= width || n[1] >= height) {
            continue;
          }
          int q = n[1] * width + n[0];
          if (label[q] == color && component[q] < 0) {
            component[q] = id;
            queue.add(q);
          }
        }
      }
      if (size > bestSize) {
        bestSize = size;
        best = id;
      }
    }
    boolean[] region = new boolean[label.length];
    for (int p = 0; p < label.length; p++) {
      region[p] = component[p] == best;
    }
    return region;
  }

  private static int[] borderMedian(RgbImage image) {
    int width = image.width();
    int height = image.height();
    int count = 2 * width + 2 * (height - 2);
    int[][] channels = new int[3][count];
    int i = 0;
    for (int x = 0; x < width; x++) {
      for (int c = 0; c < 3; c++) {
        channels[c][i] = image.sample(x, 0, c);
        channels[c][i + 1] = image.sample(x, height - 1, c);
      }
      i += 2;
    }
    for (int y = 1; y < height - 1; y++) {
      for (int c = 0; c < 3; c++) {
        channels[c][i] = image.sample(0, y, c);
        channels[c][i + 1] = image.sample(width - 1, y, c);
      }
      i += 2;
    }
    int[] median = new int[3];
    for (int c = 0; c < 3; c++) {
      Arrays.sort(channels[c]);
      median[c] = channels[c][count / 2];
    }
    return median;
  }

  private static int nearestPaletteColor(int r, int g, int b) {
    int best = 0;
    int bestDistance = Integer.MAX_VALUE;
    for (int k = 0; k < PALETTE.length; k++) {
      int d = distance2(r, g, b, PALETTE[k]);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best;
  }

  private static int distance2(int r, int g, int b, int[] rgb) {
    int dr = r - rgb[0];
    int dg = g - rgb[1];
    int db = b - rgb[2];
    return dr * dr + dg * dg + db * db;
  }

  private static int argmax(int[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
