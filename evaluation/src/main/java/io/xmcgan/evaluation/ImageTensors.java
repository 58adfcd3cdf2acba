package io.xmcgan.evaluation;

import io.xmcgan.image.BilinearResize;
import io.xmcgan.image.RgbImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Conversions between 8-bit RGB images and the (N, 3, S, S) floats in [0, 1] the networks use. */
public final class ImageTensors {

  private ImageTensors() {}

  /**
   * A PNG as (3, size, size) floats in [0, 1], squash-resized (TensorFlow bilinear, as
   * preprocessing does) when it is not size × size already.
   */
  public static float[] decodeChw(byte[] png, int size, String source) throws IOException {
    RgbImage image = RgbImage.decode(png);
    if (image == null) {
      throw new IOException("image in " + source + " is not a PNG or JPEG ImageIO can read");
    }
    float[] chw = new float[3 * size * size];
    int plane = size * size;
    if (image.width() == size && image.height() == size) {
      byte[] rgb = image.rgb();
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < 3; c++) {
          chw[c * plane + p] = (rgb[p * 3 + c] & 0xff) / 255f;
        }
      }
      return chw;
    }
    float[] resized = BilinearResize.resizeToFloat(image, size, size);
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        chw[c * plane + p] = Math.min(255f, Math.max(0f, resized[p * 3 + c])) / 255f;
      }
    }
    return chw;
  }

  /** (N, 3, size, size) floats in [0, 1] as N images, rounded to 8 bits. */
  public static List<RgbImage> toImages(float[] nchw, int count, int size) {
    int plane = size * size;
    if (nchw.length != count * 3 * plane) {
      throw new IllegalArgumentException(
          nchw.length + " values are not " + count + " images of 3x" + size + "x" + size);
    }
    List<RgbImage> images = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      byte[] rgb = new byte[3 * plane];
      int base = n * 3 * plane;
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < 3; c++) {
          float value = nchw[base + c * plane + p];
          rgb[p * 3 + c] = (byte) Math.round(Math.min(1f, Math.max(0f, value)) * 255f);
        }
      }
      images.add(new RgbImage(size, size, rgb));
    }
    return images;
  }
}
