package io.xmcgan.shapes;

import io.xmcgan.image.RgbImage;
import java.awt.Color;

/**
 * Images of objects that are not quite one of the dataset's shapes, the way an undertrained
 * generator draws them: rounded diamonds, squircles, wavy-sided squares, blurred shapes, lumpy
 * blobs. Each is drawn centred in a {@code size} px image with exact coverage (16 × 16 samples per
 * pixel), in a dataset colour on a dataset background, so only the outline is wrong.
 */
final class BadShapes {

  private static final int SUBSAMPLES = 16;

  /** Whether a point, in units of half the object's extent around its centre, is inside it. */
  interface Outline {
    boolean contains(double x, double y);
  }

  /** |x|^p + |y|^p <= 1: a diamond at p 1, a circle at p 2, towards a square as p grows. */
  static Outline superellipse(double p) {
    return (x, y) -> Math.pow(Math.abs(x), p) + Math.pow(Math.abs(y), p) <= 1;
  }

  /**
   * A square whose sides wave in and out by {@code amplitude} (of half the extent), k waves each.
   */
  static Outline wavySquare(double amplitude, int waves) {
    return (x, y) ->
        Math.abs(x) <= 1 - amplitude + amplitude * Math.sin(Math.PI * waves * y)
            && Math.abs(y) <= 1 - amplitude + amplitude * Math.sin(Math.PI * waves * x);
  }

  /** A circle whose radius swells and shrinks by {@code amplitude} over {@code lobes} lobes. */
  static Outline blob(double amplitude, int lobes) {
    return (x, y) -> Math.hypot(x, y) <= 1 + amplitude * Math.sin(lobes * Math.atan2(y, x) + 0.7);
  }

  /** An outline, or the coverage-weighted mix of two: {@code t} 0 is {@code a}, 1 is {@code b}. */
  static double[] coverage(Outline outline, int size, double extent) {
    return coverage(outline, outline, 0, size, extent);
  }

  static double[] coverage(Outline a, Outline b, double t, int size, double extent) {
    double[] cover = new double[size * size];
    double half = extent / 2;
    double centre = size / 2.0;
    for (int py = 0; py < size; py++) {
      for (int px = 0; px < size; px++) {
        int inA = 0;
        int inB = 0;
        for (int sy = 0; sy < SUBSAMPLES; sy++) {
          for (int sx = 0; sx < SUBSAMPLES; sx++) {
            double x = (px + (sx + 0.5) / SUBSAMPLES - centre) / half;
            double y = (py + (sy + 0.5) / SUBSAMPLES - centre) / half;
            inA += a.contains(x, y) ? 1 : 0;
            inB += b.contains(x, y) ? 1 : 0;
          }
        }
        double n = SUBSAMPLES * SUBSAMPLES;
        cover[py * size + px] = (1 - t) * inA / n + t * inB / n;
      }
    }
    return cover;
  }

  /** The coverage blurred by a Gaussian of {@code sigma} px. */
  static double[] blurred(double[] cover, int size, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] kernel = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
      sum += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= sum;
    }
    double[] rows = convolve(cover, size, kernel, 1, 0);
    return convolve(rows, size, kernel, 0, 1);
  }

  private static double[] convolve(double[] in, int size, double[] kernel, int dx, int dy) {
    int radius = kernel.length / 2;
    double[] out = new double[in.length];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double v = 0;
        for (int i = -radius; i <= radius; i++) {
          int sx = Math.min(size - 1, Math.max(0, x + i * dx));
          int sy = Math.min(size - 1, Math.max(0, y + i * dy));
          v += kernel[i + radius] * in[sy * size + sx];
        }
        out[y * size + x] = v;
      }
    }
    return out;
  }

  /** The coverage painted in {@code color} over {@code background}. */
  static RgbImage paint(double[] cover, int size, NamedColor color, NamedColor background) {
    byte[] rgb = new byte[size * size * 3];
    Color c = color.rgb();
    Color b = background.rgb();
    int[] fg = {c.getRed(), c.getGreen(), c.getBlue()};
    int[] bg = {b.getRed(), b.getGreen(), b.getBlue()};
    for (int p = 0; p < cover.length; p++) {
      for (int ch = 0; ch < 3; ch++) {
        rgb[p * 3 + ch] = (byte) Math.round(bg[ch] + cover[p] * (fg[ch] - bg[ch]));
      }
    }
    return new RgbImage(size, size, rgb);
  }

  private BadShapes() {}
}
