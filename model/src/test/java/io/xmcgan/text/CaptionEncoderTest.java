package io.xmcgan.text;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.storage.StorageSettings;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionEncoderTest {

  private static final float TOLERANCE = 1e-4f;

  @TempDir static Path workDir;
  private static CaptionEncoder captions;
  private static JsonNode fixture;

  @BeforeAll
  static void loadBuiltinEncoder() throws Exception {
    TextEncoderFiles files =
        TextEncoderFiles.resolve(null, null, StorageSettings.DEFAULTS, workDir);
    captions = CaptionEncoder.open(files, 17, 2, Device.cpu());
    try (InputStream in =
        CaptionEncoderTest.class.getResourceAsStream("/text-encoders/shapes-tiny-expected.json")) {
      fixture = new ObjectMapper().readTree(in);
    }
  }

  @AfterAll
  static void close() {
    captions.close();
  }

  @Test
  void embeddingsEqualWhatPyTorchComputedForTheSameCaptions() {
    List<String> texts = new ArrayList<>();
    fixture.get("captions").forEach(c -> texts.add(c.get("text").asText()));

    List<CaptionEncoder.EncodedCaption> encoded = captions.encode(texts);

    assertThat(captions.width()).isEqualTo(64);
    for (int i = 0; i < texts.size(); i++) {
      JsonNode expected = fixture.get("captions").get(i);
      CaptionEncoder.EncodedCaption actual = encoded.get(i);
      assertThat(actual.ids())
          .isEqualTo(new ObjectMapper().convertValue(expected.get("inputIds"), long[].class));
      assertThat(actual.maxLen()).isEqualTo(expected.get("maxLen").asInt());
      float[] flat = new float[17 * 64];
      int k = 0;
      for (JsonNode row : expected.get("embedding")) {
        for (JsonNode v : row) {
          flat[k++] = (float) v.asDouble();
        }
      }
      assertThat(actual.embedding()).hasSize(17 * 64);
      for (int j = 0; j < flat.length; j++) {
        assertThat(actual.embedding()[j])
            .as("caption %d value %d", i, j)
            .isCloseTo(flat[j], org.assertj.core.data.Offset.offset(TOLERANCE));
      }
    }
  }

  @Test
  void batchingDoesNotChangeAnyCaptionsEmbedding() {
    String caption = "a small blue square above a green triangle";
    float[] alone = captions.encode(List.of(caption)).get(0).embedding();
    List<CaptionEncoder.EncodedCaption> mixed =
        captions.encode(List.of("a red circle", caption, "two shapes: a red circle and a star"));
    float[] inBatch = mixed.get(1).embedding();
    for (int j = 0; j < alone.length; j++) {
      assertThat(inBatch[j]).isCloseTo(alone[j], org.assertj.core.data.Offset.offset(1e-5f));
    }
    assertThat(mixed.get(0).embedding()).isNotEqualTo(mixed.get(2).embedding());
  }
}
