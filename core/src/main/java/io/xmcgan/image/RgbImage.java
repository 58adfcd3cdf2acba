package io.xmcgan.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** An 8-bit RGB image, pixels interleaved row-major (r, g, b, r, g, b, ...). */
public record RgbImage(int width, int height, byte[] rgb) {

  public RgbImage {
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "an RGB image of " + width + "×" + height + " needs " + width * height * 3 + " bytes");
    }
  }

  public int sample(int x, int y, int channel) {
    return rgb[(y * width + x) * 3 + channel] & 0xff;
  }

  /**
   * Decodes PNG or JPEG bytes to RGB the way {@code tf.io.decode_image(channels=3)} does: grey is
   * replicated to three channels and alpha is dropped (not composited).
   *
   * @return null when the bytes are not an image ImageIO can read
   */
  public static RgbImage decode(byte[] encoded) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
    if (image == null) {
      return null;
    }
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] rgb = new byte[width * height * 3];
    Raster raster = image.getRaster();
    int bands = raster.getNumBands();
    boolean rawSamples =
        image.getColorModel() instanceof ComponentColorModel
            && raster.getDataBuffer().getDataType() == DataBuffer.TYPE_BYTE
            && bands >= 1
            && bands <= 4;
    // Raw samples avoid Java's colour conversion of grey images, which would change their values.
    int[] row = new int[width * bands];
    for (int y = 0; y < height; y++) {
      if (rawSamples) {
        raster.getPixels(0, y, width, 1, row);
      }
      for (int x = 0; x < width; x++) {
        int o = (y * width + x) * 3;
        if (rawSamples && bands <= 2) {
          byte grey = (byte) row[x * bands];
          rgb[o] = grey;
          rgb[o + 1] = grey;
          rgb[o + 2] = grey;
        } else if (rawSamples) {
          rgb[o] = (byte) row[x * bands];
          rgb[o + 1] = (byte) row[x * bands + 1];
          rgb[o + 2] = (byte) row[x * bands + 2];
        } else {
          int argb = image.getRGB(x, y);
          rgb[o] = (byte) (argb >> 16);
          rgb[o + 1] = (byte) (argb >> 8);
          rgb[o + 2] = (byte) argb;
        }
      }
    }
    return new RgbImage(width, height, rgb);
  }

  /** PNG bytes (8-bit RGB, no alpha). */
  public byte[] png() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    // Data elements go in the colour model's band order (r, g, b) whatever order the raster keeps
    // its bytes in, so the interleaved rgb array is written as it is.
    image.getRaster().setDataElements(0, 0, width, height, rgb);
    ByteArrayOutputStream out = new ByteArrayOutputStream(width * height + 1024);
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding of an in-memory image failed", e);
    }
    return out.toByteArray();
  }
}
