package io.xmcgan.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class RgbImageTest {

  /** One pure red, green and blue pixel, then an orange one (each channel different). */
  private static final byte[] PRIMARIES = {
    (byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, (byte) 245, (byte) 140, 30
  };

  @Test
  void pngKeepsRedRedAndBlueBlueForAnyOtherDecoder() throws Exception {
    // Shards, generated images and TensorBoard samples are all written by png(): a swap of red and
    // blue there would pair "a red circle" with a blue one in training.
    byte[] png = new RgbImage(4, 1, PRIMARIES).png();

    BufferedImage read = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(read.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
    assertThat(read.getRGB(1, 0) & 0xffffff).isEqualTo(0x00ff00);
    assertThat(read.getRGB(2, 0) & 0xffffff).isEqualTo(0x0000ff);
    assertThat(read.getRGB(3, 0) & 0xffffff).isEqualTo(0xf58c1e);
  }

  @Test
  void pngRoundTripKeepsEveryChannelOfEveryPixel() throws Exception {
    RgbImage image = new RgbImage(2, 2, PRIMARIES);

    assertThat(RgbImage.decode(image.png()).rgb()).isEqualTo(image.rgb());
  }

  @Test
  void decodesGreyAndAlphaPngsLikeTensorFlowChannels3() throws Exception {
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setPixels(0, 0, 2, 1, new int[] {30, 200});
    RgbImage decodedGrey = RgbImage.decode(png(grey));
    assertThat(decodedGrey.rgb()).containsExactly(30, 30, 30, (byte) 200, (byte) 200, (byte) 200);

    BufferedImage rgba = new BufferedImage(1, 1, BufferedImage.TYPE_4BYTE_ABGR);
    rgba.getRaster().setPixel(0, 0, new int[] {10, 20, 30, 0});
    assertThat(RgbImage.decode(png(rgba)).rgb()).containsExactly(10, 20, 30);
  }

  private static byte[] png(BufferedImage image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
