package io.xmcgan.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
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
}
