package io.xmcgan.training;

import io.xmcgan.image.RgbImage;
import io.xmcgan.tensorboard.SummaryImage;

/** Tiles images into one PNG for an image summary (the reference shows 8 images as 2 x 4). */
final class ImageGrid {

  private ImageGrid() {}

  /**
   * @param chw {@code count} images of (3, size, size), values in [0, 1] (clipped)
   */
  static SummaryImage png(float[] chw, int count, int size, int columns) {
    int rows = (count + columns - 1) / columns;
    int width = columns * size;
    int height = rows * size;
    byte[] rgb = new byte[width * height * 3];
    int plane = size * size;
    for (int i = 0; i < count; i++) {
      int left = (i % columns) * size;
      int top = (i / columns) * size;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int to = ((top + y) * width + left + x) * 3;
          for (int c = 0; c < 3; c++) {
            float v = chw[i * 3 * plane + c * plane + y * size + x];
            rgb[to + c] = (byte) Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
          }
        }
      }
    }
    return SummaryImage.rgbPng(new RgbImage(width, height, rgb).png(), height, width);
  }
}
