package io.xmcgan.image;

/**
 * {@code tf.image.resize(image, (h, w), "bilinear")} as TensorFlow 2 computes it: the aspect ratio
 * is not kept (squash), no antialiasing, half-pixel centres, float32 arithmetic in the same order
 * as TensorFlow's {@code resize_bilinear_op}. This is what the reference applies to every image
 * before training, so doing it here once gives the model the same pixels.
 */
public final class BilinearResize {

  private BilinearResize() {}

  /** Resizes and rounds to the nearest 8-bit value, as stored in the shards' PNGs. */
  public static RgbImage resize(RgbImage image, int outWidth, int outHeight) {
    float[] resized = resizeToFloat(image, outWidth, outHeight);
    byte[] rgb = new byte[resized.length];
    for (int i = 0; i < resized.length; i++) {
      rgb[i] = (byte) Math.round(Math.min(255f, Math.max(0f, resized[i])));
    }
    return new RgbImage(outWidth, outHeight, rgb);
  }

  /** The float result (values 0..255), interleaved RGB, before rounding. */
  public static float[] resizeToFloat(RgbImage image, int outWidth, int outHeight) {
    if (outWidth < 1 || outHeight < 1) {
      throw new IllegalArgumentException(
          "resize target must be at least 1×1, got " + outWidth + "×" + outHeight);
    }
    Axis xs = Axis.of(image.width(), outWidth);
    Axis ys = Axis.of(image.height(), outHeight);
    float[] out = new float[outWidth * outHeight * 3];
    for (int y = 0; y < outHeight; y++) {
      for (int x = 0; x < outWidth; x++) {
        for (int c = 0; c < 3; c++) {
          float topLeft = image.sample(xs.lower[x], ys.lower[y], c);
          float topRight = image.sample(xs.upper[x], ys.lower[y], c);
          float bottomLeft = image.sample(xs.lower[x], ys.upper[y], c);
          float bottomRight = image.sample(xs.upper[x], ys.upper[y], c);
          float top = topLeft + (topRight - topLeft) * xs.lerp[x];
          float bottom = bottomLeft + (bottomRight - bottomLeft) * xs.lerp[x];
          out[(y * outWidth + x) * 3 + c] = top + (bottom - top) * ys.lerp[y];
        }
      }
    }
    return out;
  }

  /** TensorFlow's cached interpolation weights for one axis with the half-pixel scaler. */
  private record Axis(int[] lower, int[] upper, float[] lerp) {
    static Axis of(int inSize, int outSize) {
      float scale = (float) inSize / outSize;
      int[] lower = new int[outSize];
      int[] upper = new int[outSize];
      float[] lerp = new float[outSize];
      for (int i = 0; i < outSize; i++) {
        float in = ((float) i + 0.5f) * scale - 0.5f;
        float floor = (float) Math.floor(in);
        lower[i] = Math.max((int) floor, 0);
        upper[i] = Math.min((int) Math.ceil(in), inSize - 1);
        lerp[i] = in - floor;
      }
      return new Axis(lower, upper, lerp);
    }
  }
}
