package io.xmcgan.evaluation;

import io.xmcgan.image.RgbImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG grid of generated images, each with its caption rendered under it (java.awt, headless).
 * Small images are scaled up to {@value #MIN_CELL} px so that the captions stay readable.
 */
public final class SampleGrid {

  static final int MIN_CELL = 128;
  static final int CAPTION_LINES = 3;
  private static final int PADDING = 4;
  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  private SampleGrid() {}

  /** One captioned image of the grid. */
  public record Cell(RgbImage image, String caption) {}

  /** Renders {@code cells} row by row, {@code columns} per row, as PNG bytes. */
  public static byte[] png(List<Cell> cells, int columns) {
    if (cells.isEmpty() || columns < 1) {
      throw new IllegalArgumentException(
          "a sample grid needs at least one image and one column, got "
              + cells.size()
              + " and "
              + columns);
    }
    System.setProperty("java.awt.headless", "true");
    int columnsUsed = Math.min(columns, cells.size());
    int rows = (cells.size() + columnsUsed - 1) / columnsUsed;
    int side = Math.max(MIN_CELL, cells.get(0).image().width());
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D probeGraphics = probe.createGraphics();
    FontMetrics metrics = probeGraphics.getFontMetrics(FONT);
    probeGraphics.dispose();
    int lineHeight = metrics.getHeight();
    int cellWidth = side + 2 * PADDING;
    int cellHeight = side + 2 * PADDING + CAPTION_LINES * lineHeight;
    BufferedImage grid =
        new BufferedImage(columnsUsed * cellWidth, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(FONT);
      g.setColor(Color.BLACK);
      for (int i = 0; i < cells.size(); i++) {
        int x = (i % columnsUsed) * cellWidth + PADDING;
        int y = (i / columnsUsed) * cellHeight + PADDING;
        g.drawImage(toBufferedImage(cells.get(i).image()), x, y, side, side, null);
        List<String> lines = wrap(cells.get(i).caption(), metrics, side);
        for (int line = 0; line < lines.size(); line++) {
          g.drawString(lines.get(line), x, y + side + metrics.getAscent() + line * lineHeight);
        }
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(grid, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding of the sample grid failed", e);
    }
    return out.toByteArray();
  }

  /** Greedy word wrap to {@code width} px in at most {@value #CAPTION_LINES} lines. */
  static List<String> wrap(String caption, FontMetrics metrics, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    String[] words = caption.strip().split("\\s+");
    for (int i = 0; i < words.length; i++) {
      String candidate = line.isEmpty() ? words[i] : line + " " + words[i];
      if (metrics.stringWidth(candidate) <= width || line.isEmpty()) {
        line.setLength(0);
        line.append(candidate);
        continue;
      }
      lines.add(line.toString());
      line.setLength(0);
      line.append(words[i]);
      if (lines.size() == CAPTION_LINES) {
        break;
      }
    }
    if (lines.size() < CAPTION_LINES && !line.isEmpty()) {
      lines.add(line.toString());
      line.setLength(0);
    }
    boolean truncated = !line.isEmpty() || lines.size() == CAPTION_LINES && hasMore(words, lines);
    for (int i = 0; i < lines.size(); i++) {
      lines.set(i, fit(lines.get(i), metrics, width, truncated && i == lines.size() - 1));
    }
    return lines;
  }

  private static boolean hasMore(String[] words, List<String> lines) {
    int shown = lines.stream().mapToInt(l -> l.split(" ").length).sum();
    return shown < words.length;
  }

  private static String fit(String text, FontMetrics metrics, int width, boolean ellipsis) {
    String suffix = ellipsis ? "…" : "";
    String result = text;
    while (!result.isEmpty() && metrics.stringWidth(result + suffix) > width) {
      result = result.substring(0, result.length() - 1);
    }
    return result + suffix;
  }

  private static BufferedImage toBufferedImage(RgbImage image) {
    BufferedImage result =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    byte[] rgb = image.rgb();
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int p = (y * image.width() + x) * 3;
        result.setRGB(x, y, (rgb[p] & 0xff) << 16 | (rgb[p + 1] & 0xff) << 8 | rgb[p + 2] & 0xff);
      }
    }
    return result;
  }
}
