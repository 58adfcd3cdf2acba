package io.xmcgan.shapes;

import io.xmcgan.image.RgbImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Draws the caption probe's borderline shape calls into one PNG, so a reader can check the
 * threshold by eye (docs/evaluation.md, "Caption following"): the objects whose best overlap with
 * an ideal shape lies just above {@link ShapeClassifier#MIN_SHAPE_IOU} (called that shape) and just
 * below it (no shape). The candidates are real renders at 32 px in both layouts and families of
 * near-shapes at the quickstart's size ({@link BadShapes}) swept finely across the threshold. Not a
 * test; run with
 *
 * <pre>
 * java -cp shapes/target/test-classes:shapes/target/classes:core/target/classes \
 *     io.xmcgan.shapes.ProbeBorderlineGrid docs/images/probe-borderline.png
 * </pre>
 */
public final class ProbeBorderlineGrid {

  private static final int PER_ROW = 8;
  private static final int SCALE = 4;
  private static final int LABEL_HEIGHT = 44;
  private static final int TITLE_HEIGHT = 24;

  private record Candidate(String what, RgbImage image, ShapeClassifier.Prediction prediction) {}

  private ProbeBorderlineGrid() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/images/probe-borderline.png");
    List<Candidate> candidates = candidates();
    double threshold = ShapeClassifier.MIN_SHAPE_IOU;
    List<Candidate> above =
        candidates.stream()
            .filter(c -> c.prediction().shapeIou() >= threshold)
            .sorted(Comparator.comparingDouble(c -> c.prediction().shapeIou()))
            .limit(PER_ROW)
            .toList();
    List<Candidate> below =
        candidates.stream()
            .filter(c -> c.prediction().shapeIou() < threshold)
            .sorted(Comparator.comparingDouble(c -> -c.prediction().shapeIou()))
            .limit(PER_ROW)
            .toList();
    Files.createDirectories(out.toAbsolutePath().getParent());
    ImageIO.write(
        draw(
            List.of(
                "Just above " + threshold + ": called the shape",
                "Just below " + threshold + ": no shape (wrong for any caption)"),
            List.of(above, below)),
        "png",
        out.toFile());
    System.out.println("wrote " + out + " from " + candidates.size() + " candidates");
  }

  private static List<Candidate> candidates() throws IOException {
    List<Candidate> candidates = new ArrayList<>();
    for (ShapesLayout layout : List.of(new ShapesLayout(1, 1), ShapesLayout.DEFAULT)) {
      for (var sample : CaptionFollowing.realSamples(32, 11, layout, 200)) {
        String what = "real " + sample.caption().shape() + ", grid " + layout.grid();
        candidates.add(candidate(what, sample.image()));
      }
    }
    SplittableRandom random = new SplittableRandom(7);
    BadShapes.Outline circle = BadShapes.superellipse(2);
    BadShapes.Outline diamond = BadShapes.superellipse(1);
    BadShapes.Outline square = (x, y) -> Math.abs(x) <= 1 && Math.abs(y) <= 1;
    for (double p = 1.05; p <= 6; p += 0.05) {
      add(
          candidates,
          random,
          "superellipse " + fmt(p),
          BadShapes.coverage(BadShapes.superellipse(p), 32, 27));
    }
    for (double t = 0.02; t < 1; t += 0.02) {
      add(
          candidates,
          random,
          "circle/diamond " + fmt(t),
          BadShapes.coverage(circle, diamond, t, 32, 27));
    }
    for (double a = 0.005; a <= 0.06; a += 0.005) {
      add(
          candidates,
          random,
          "wavy square " + fmt(a),
          BadShapes.coverage(BadShapes.wavySquare(a, 3), 32, 27));
    }
    for (double a = 0.01; a <= 0.1; a += 0.01) {
      add(candidates, random, "blob " + fmt(a), BadShapes.coverage(BadShapes.blob(a, 4), 32, 27));
    }
    for (double sigma = 0.5; sigma <= 2; sigma += 0.1) {
      for (var shape : List.of(square, circle, diamond)) {
        String name = shape == square ? "square" : shape == circle ? "circle" : "diamond";
        add(
            candidates,
            random,
            name + " blur " + fmt(sigma),
            BadShapes.blurred(BadShapes.coverage(shape, 32, 27), 32, sigma));
      }
    }
    return candidates;
  }

  private static void add(
      List<Candidate> candidates, SplittableRandom random, String what, double[] cover) {
    NamedColor color = NamedColor.SHAPE_COLORS.get(random.nextInt(NamedColor.SHAPE_COLORS.size()));
    NamedColor background =
        NamedColor.BACKGROUNDS.get(random.nextInt(NamedColor.BACKGROUNDS.size()));
    candidates.add(candidate(what, BadShapes.paint(cover, 32, color, background)));
  }

  private static Candidate candidate(String what, RgbImage image) {
    return new Candidate(what, image, ShapeClassifier.classify(image));
  }

  private static BufferedImage draw(List<String> titles, List<List<Candidate>> rows) {
    int cell = 32 * SCALE;
    int width = PER_ROW * (cell + 16) + 8;
    int height = rows.size() * (TITLE_HEIGHT + cell + LABEL_HEIGHT) + 8;
    BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int top = 0;
      for (int r = 0; r < rows.size(); r++) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(titles.get(r), 8, top + 17);
        top += TITLE_HEIGHT;
        List<Candidate> row = rows.get(r);
        for (int i = 0; i < row.size(); i++) {
          Candidate c = row.get(i);
          int left = 8 + i * (cell + 16);
          g.drawImage(scaled(c.image()), left, top, null);
          g.setColor(Color.BLACK);
          g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
          var p = c.prediction();
          g.drawString(
              String.format(Locale.ROOT, "%s %.3f: %s", p.bestShape(), p.shapeIou(), p.shape()),
              left,
              top + cell + 14);
          g.drawString(c.what(), left, top + cell + 29);
        }
        top += cell + LABEL_HEIGHT;
      }
    } finally {
      g.dispose();
    }
    return sheet;
  }

  private static BufferedImage scaled(RgbImage image) {
    BufferedImage big =
        new BufferedImage(
            image.width() * SCALE, image.height() * SCALE, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < big.getHeight(); y++) {
      for (int x = 0; x < big.getWidth(); x++) {
        int sx = x / SCALE;
        int sy = y / SCALE;
        big.setRGB(
            x,
            y,
            new Color(image.sample(sx, sy, 0), image.sample(sx, sy, 1), image.sample(sx, sy, 2))
                .getRGB());
      }
    }
    return big;
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
