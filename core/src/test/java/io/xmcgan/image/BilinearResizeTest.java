package io.xmcgan.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class BilinearResizeTest {

  private static RgbImage grey(int width, int height, int... values) {
    byte[] rgb = new byte[width * height * 3];
    for (int i = 0; i < values.length; i++) {
      rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = (byte) values[i];
    }
    return new RgbImage(width, height, rgb);
  }

  @Test
  void upsamplingUsesHalfPixelCentresAndClampsAtTheBorder() {
    // source x = (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 → 0, 25, 75, 100 (by hand)
    float[] out = BilinearResize.resizeToFloat(grey(2, 1, 0, 100), 4, 1);
    assertThat(new float[] {out[0], out[3], out[6], out[9]}).containsExactly(0f, 25f, 75f, 100f);
  }

  @Test
  void downsamplingAveragesNeighboursWithoutAntialiasing() {
    // source x = (x + 0.5) * 2 - 0.5 = 0.5, 2.5: the mean of pixels 0,1 and of 2,3; no wider filter
    float[] out = BilinearResize.resizeToFloat(grey(4, 1, 0, 10, 200, 240), 2, 1);
    assertThat(new float[] {out[0], out[3]}).containsExactly(5f, 220f);
  }

  @Test
  void matchesNumpyReferenceForSquashedUpAndDownSizes() throws Exception {
    JsonNode fixture;
    try (InputStream in = getClass().getResourceAsStream("/resize/expected.json")) {
      fixture = new ObjectMapper().readTree(in);
    }
    byte[] rgb = new byte[fixture.get("rgb").size()];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) fixture.get("rgb").get(i).asInt();
    }
    RgbImage source =
        new RgbImage(fixture.get("width").asInt(), fixture.get("height").asInt(), rgb);
    for (JsonNode c : fixture.get("cases")) {
      int w = c.get("width").asInt();
      int h = c.get("height").asInt();
      float[] actual = BilinearResize.resizeToFloat(source, w, h);
      RgbImage rounded = BilinearResize.resize(source, w, h);
      assertThat(actual).hasSize(c.get("rgb").size());
      for (int i = 0; i < actual.length; i++) {
        double expected = c.get("rgb").get(i).asDouble();
        assertThat((double) actual[i])
            .as("%dx%d value %d", w, h, i)
            .isCloseTo(expected, within(1e-3));
        assertThat((double) (rounded.rgb()[i] & 0xff))
            .as("stored 8-bit value is the nearest integer")
            .isCloseTo(expected, within(0.5 + 1e-3));
      }
    }
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

  @Test
  void pngRoundTripKeepsEveryPixel() throws Exception {
    RgbImage image = grey(3, 2, 0, 1, 2, 253, 254, 255);
    assertThat(RgbImage.decode(image.png())).isNotNull();
    assertThat(RgbImage.decode(image.png()).rgb()).isEqualTo(image.rgb());
  }

  private static byte[] png(BufferedImage image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
