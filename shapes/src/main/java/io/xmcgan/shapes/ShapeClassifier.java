package io.xmcgan.shapes;

import io.xmcgan.image.RgbImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells the background, the colour and the shape of the main object of a shapes-dataset image, with
 * plain image statistics and the dataset's own drawing code (no learned model), so it can judge
 * whether a generated image follows its caption.
 *
 * <p>The background is the dataset background (white, black or gray) that most of the border's
 * pixels are close to, if more than half are. The border's median colour is what an object must
 * stand out from: every pixel far enough from it is matched to the nearest of the dataset's six
 * colours; the most frequent one is the object's colour. The largest connected region of that
 * colour is the object; each pixel's coverage (0 to 1, from where its colour lies between the
 * background and the object's) makes its soft mask. The shape is the one whose ideal drawing,
 * rendered as the generator renders it ({@link ShapeKind#fill}, antialiased) at the size and place
 * that give the mask's area and centre of mass, overlaps the mask best, and only if that overlap
 * (soft intersection over union) reaches {@link #MIN_SHAPE_IOU}: a rounded diamond, a wavy square
 * or a blur matches no ideal shape well and is no shape at all.
 */
public final class ShapeClassifier {

  /** The dataset's object colours, as the captions name them. */
  public static final List<String> COLORS =
      NamedColor.SHAPE_COLORS.stream().map(NamedColor::word).toList();

  /** The dataset's shapes, as the captions name them. */
  public static final List<String> SHAPES =
      Arrays.stream(ShapeKind.values()).map(ShapeKind::word).toList();

  /** The dataset's backgrounds, as the captions name them. */
  public static final List<String> BACKGROUNDS =
      NamedColor.BACKGROUNDS.stream().map(NamedColor::word).toList();

  /** What the classifier says of an attribute it cannot match to any the dataset draws. */
  public static final String NONE = "none";

  /**
   * The least overlap with an ideal shape that counts as that shape. Real renders of one big shape
   * (the quickstart's layout) score 0.98 or more, and 9 px shapes at 32 px 0.947 or more (99 % of
   * them pass). At the quickstart's size a rounded diamond (a superellipse of exponent 1.2 to 1.5,
   * between diamond and circle), a squircle (3 to 6), a circle blended with a diamond, a square
   * whose sides wave by 5 % of its size, a lumpy blob or a shape blurred by a Gaussian of 1.5 px
   * score below it (ShapeClassifierTest; docs/evaluation.md, "Caption following", shows the calls
   * on either side of it).
   */
  public static final double MIN_SHAPE_IOU = 0.95;

  private static final int[][] PALETTE = rgbOf(NamedColor.SHAPE_COLORS);
  private static final int[][] BACKGROUND_RGB = rgbOf(NamedColor.BACKGROUNDS);

  /** Squared RGB distance from the background beyond which a pixel belongs to an object. */
  private static final int FOREGROUND_DISTANCE2 = 70 * 70;

  /**
   * Squared RGB distance within which a border pixel is one of the dataset's backgrounds: a third
   * of the distance between the closest two (gray and black, 187 apart).
   */
  private static final int BACKGROUND_DISTANCE2 = 60 * 60;

  /**
   * Coverage within this of 0 or 1 counts as 0 or 1, in the object's mask and in the ideal drawings
   * alike, so that grain in a flat colour (a generator's texture) does not read as a ragged
   * outline.
   */
  private static final double GRAIN = 0.15;

  /** Sub-pixel nudges of the fitted centre, and scalings of its size, tried for every shape. */
  private static final double[] NUDGES = {-0.5, 0, 0.5};

  private static final double[] SCALES = {0.95, 1, 1.05};

  /**
   * What the classifier sees; the shape calls are derived from {@code overlaps}.
   *
   * @param color the object's colour, or {@link #NONE} when nothing stands out from the background
   * @param background the dataset background of most of the border, or {@link #NONE} when no one
   *     background covers more than half of it
   * @param overlaps for each of {@link #SHAPES}, in that order, the best overlap of the object with
   *     that shape's ideal drawing (all 0 when there is no object): how near the object comes to
   *     each shape, whether or not it passes
   */
  public record Prediction(String color, String background, Map<String, Double> overlaps) {

    public Prediction {
      overlaps = Collections.unmodifiableMap(new LinkedHashMap<>(overlaps));
    }

    /**
     * The shape of the best overlap, whether or not it passes the threshold ({@link #NONE} when
     * there is no object); the first of {@link #SHAPES} on a tie.
     */
    public String bestShape() {
      if (NONE.equals(color)) {
        return NONE;
      }
      String best = SHAPES.get(0);
      for (String shape : SHAPES) {
        if (overlaps.get(shape) > overlaps.get(best)) {
          best = shape;
        }
      }
      return best;
    }

    /** The best overlap of the object with an ideal shape (0 when there is no object). */
    public double shapeIou() {
      return NONE.equals(color) ? 0 : overlaps.get(bestShape());
    }

    /**
     * The best-matching ideal shape, or {@link #NONE} when none overlaps the object by {@link
     * #MIN_SHAPE_IOU}.
     */
    public String shape() {
      return shapeIou() >= MIN_SHAPE_IOU ? bestShape() : NONE;
    }
  }

  private ShapeClassifier() {}

  public static Prediction classify(RgbImage image) {
    int width = image.width();
    int height = image.height();
    int[] background = borderMedian(image);
    String backgroundName = borderBackground(image);
    int[] label = new int[width * height];
    int[] votes = new int[PALETTE.length];
    for (int p = 0; p < label.length; p++) {
      int[] rgb = pixel(image, p);
      if (distance2(rgb, background) < FOREGROUND_DISTANCE2) {
        label[p] = -1;
        continue;
      }
      int nearest = nearest(rgb, PALETTE);
      label[p] = nearest;
      votes[nearest]++;
    }
    int color = argmax(votes);
    if (votes[color] == 0) {
      Map<String, Double> none = new LinkedHashMap<>();
      SHAPES.forEach(shape -> none.put(shape, 0.0));
      return new Prediction(NONE, backgroundName, none);
    }
    boolean[] region = largestRegion(label, color, width, height);
    double[] mask = softMask(image, region, background);
    return new Prediction(COLORS.get(color), backgroundName, overlaps(mask, width, height));
  }

  /**
   * For each kind, its best overlap with the mask: the kind placed where its area and centre of
   * mass equal the mask's (a triangle's centre of mass sits a sixth of its extent below the centre
   * of its box), then nudged by a fraction of a pixel and scaled by 5 % either way, so a real
   * render's rounding does not cost it the match.
   */
  private static Map<String, Double> overlaps(double[] mask, int width, int height) {
    double area = 0;
    double sumX = 0;
    double sumY = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double a = mask[y * width + x];
        area += a;
        sumX += a * (x + 0.5);
        sumY += a * (y + 0.5);
      }
    }
    double meanX = sumX / area;
    double meanY = sumY / area;
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    int[] pixels = ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
    Map<String, Double> overlaps = new LinkedHashMap<>();
    try {
      for (ShapeKind kind : ShapeKind.values()) {
        double best = 0;
        double extent = Math.sqrt(area / kind.areaFraction());
        double centerY = kind == ShapeKind.TRIANGLE ? meanY - extent / 6 : meanY;
        for (double scale : SCALES) {
          for (double dy : NUDGES) {
            for (double dx : NUDGES) {
              g.setColor(Color.BLACK);
              g.fillRect(0, 0, width, height);
              g.setColor(Color.WHITE);
              kind.fill(g, meanX + dx, centerY + dy, extent * scale);
              best = Math.max(best, softIou(mask, pixels));
            }
          }
        }
        overlaps.put(kind.word(), best);
      }
    } finally {
      g.dispose();
    }
    return overlaps;
  }

  private static double flattenGrain(double coverage) {
    return Math.max(0, Math.min(1, (coverage - GRAIN) / (1 - 2 * GRAIN)));
  }

  /** Sum of the pixel-wise minima over sum of the maxima of two coverage maps. */
  private static double softIou(double[] mask, int[] template) {
    double intersection = 0;
    double union = 0;
    for (int p = 0; p < mask.length; p++) {
      double t = flattenGrain((template[p] & 0xff) / 255.0);
      intersection += Math.min(mask[p], t);
      union += Math.max(mask[p], t);
    }
    return union == 0 ? 0 : intersection / union;
  }

  /**
   * The object's coverage of each pixel: 1 at its median colour, 0 at the background's, linear in
   * between, and 0 for a colour far from that line (another object, or a halo of some other
   * colour), over the region and every pixel reached from it through pixels of some coverage (its
   * antialiased edge and, when blurred, its halo, which may be nearer the background than any
   * palette colour); 0 elsewhere.
   */
  private static double[] softMask(RgbImage image, boolean[] region, int[] background) {
    int width = image.width();
    int height = image.height();
    int[] object = regionMedian(image, region);
    double[] axis = new double[3];
    double length2 = 0;
    for (int c = 0; c < 3; c++) {
      axis[c] = object[c] - background[c];
      length2 += axis[c] * axis[c];
    }
    double[] coverage = new double[width * height];
    for (int p = 0; p < coverage.length; p++) {
      int[] rgb = pixel(image, p);
      double along = 0;
      for (int c = 0; c < 3; c++) {
        along += (rgb[c] - background[c]) * axis[c];
      }
      double t = along / length2;
      double off2 = 0;
      for (int c = 0; c < 3; c++) {
        double d = rgb[c] - background[c] - t * axis[c];
        off2 += d * d;
      }
      coverage[p] = off2 > FOREGROUND_DISTANCE2 ? 0 : t;
    }
    double[] mask = new double[width * height];
    boolean[] reached = region.clone();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int p = 0; p < region.length; p++) {
      if (region[p]) {
        queue.add(p);
      }
    }
    while (!queue.isEmpty()) {
      int p = queue.poll();
      mask[p] = flattenGrain(coverage[p]);
      for (int q : neighbours(p, width, height)) {
        if (!reached[q] && coverage[q] > GRAIN) {
          reached[q] = true;
          queue.add(q);
        }
      }
    }
    return mask;
  }

  private static int[] regionMedian(RgbImage image, boolean[] region) {
    int count = 0;
    for (boolean inside : region) {
      count += inside ? 1 : 0;
    }
    int[][] channels = new int[3][count];
    int i = 0;
    for (int p = 0; p < region.length; p++) {
      if (region[p]) {
        int[] rgb = pixel(image, p);
        for (int c = 0; c < 3; c++) {
          channels[c][i] = rgb[c];
        }
        i++;
      }
    }
    return medians(channels);
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
        for (int q : neighbours(p, width, height)) {
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

  /**
   * The dataset background that most border pixels are close to, if more than half of them are: a
   * border half black and half white is neither, rather than the gray its median would be.
   */
  private static String borderBackground(RgbImage image) {
    int width = image.width();
    int height = image.height();
    int[] votes = new int[BACKGROUND_RGB.length];
    int border = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (x > 0 && y > 0 && x < width - 1 && y < height - 1) {
          continue;
        }
        border++;
        int[] rgb = pixel(image, y * width + x);
        int k = nearest(rgb, BACKGROUND_RGB);
        if (distance2(rgb, BACKGROUND_RGB[k]) <= BACKGROUND_DISTANCE2) {
          votes[k]++;
        }
      }
    }
    int best = argmax(votes);
    return 2 * votes[best] > border ? BACKGROUNDS.get(best) : NONE;
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
    return medians(channels);
  }

  private static int[] medians(int[][] channels) {
    int[] median = new int[3];
    for (int c = 0; c < 3; c++) {
      Arrays.sort(channels[c]);
      median[c] = channels[c][channels[c].length / 2];
    }
    return median;
  }

  /** The pixels left, right, above and below pixel {@code p} that lie inside the image. */
  private static int[] neighbours(int p, int width, int height) {
    int x = p % width;
    int[] found = new int[4];
    int n = 0;
    if (x > 0) {
      found[n++] = p - 1;
    }
    if (x < width - 1) {
      found[n++] = p + 1;
    }
    if (p >= width) {
      found[n++] = p - width;
    }
    if (p < width * (height - 1)) {
      found[n++] = p + width;
    }
    return Arrays.copyOf(found, n);
  }

  private static int[] pixel(RgbImage image, int p) {
    int x = p % image.width();
    int y = p / image.width();
    return new int[] {image.sample(x, y, 0), image.sample(x, y, 1), image.sample(x, y, 2)};
  }

  private static int nearest(int[] rgb, int[][] options) {
    int best = 0;
    int bestDistance = Integer.MAX_VALUE;
    for (int k = 0; k < options.length; k++) {
      int d = distance2(rgb, options[k]);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best;
  }

  private static int distance2(int[] a, int[] b) {
    int dr = a[0] - b[0];
    int dg = a[1] - b[1];
    int db = a[2] - b[2];
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

  private static int[][] rgbOf(List<NamedColor> colors) {
    return colors.stream()
        .map(c -> new int[] {c.rgb().getRed(), c.rgb().getGreen(), c.rgb().getBlue()})
        .toArray(int[][]::new);
  }
}
