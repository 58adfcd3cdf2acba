package io.xmcgan.tensorboard;

/**
 * An encoded image for a TensorBoard image summary ({@code Summary.Image}).
 *
 * @param colorspace 1 grayscale, 2 grayscale+alpha, 3 RGB, 4 RGBA (summary.proto)
 * @param encoded the PNG (or JPEG) bytes; not copied
 */
public record SummaryImage(int height, int width, int colorspace, byte[] encoded) {

  public static final int RGB = 3;

  public SummaryImage {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "image summary size must be positive, got " + width + "x" + height);
    }
    if (colorspace < 1 || colorspace > 6) {
      throw new IllegalArgumentException(
          "image summary colorspace must be 1..6 (summary.proto), got " + colorspace);
    }
  }

  /** An RGB PNG image, the form our sample grids are written in. */
  public static SummaryImage rgbPng(byte[] png, int height, int width) {
    return new SummaryImage(height, width, RGB, png);
  }
}
