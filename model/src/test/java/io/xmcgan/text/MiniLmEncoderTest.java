package io.xmcgan.text;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.experiment.spec.BuiltinTextEncoder;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in minilm-l6 encoder on DJL's OnnxRuntime engine.
 *
 * <p>The golden outputs (model/src/test/resources/text-encoders/minilm-l6-expected.json) are not
 * OnnxRuntime's: tools/text-encoder/make_minilm_golden.py reads the weights out of the same ONNX
 * file and runs BERT's forward pass written out in numpy, in float64. So the comparison checks the
 * engine, the input names and types, the mask and the token types, not just that the output did not
 * change.
 */
class MiniLmEncoderTest {

  /** float32 OnnxRuntime against a float64 forward pass; values are within ±6. */
  private static final double TOLERANCE = 1e-4;

  private static final int WIDTH = 384;
  private static JsonNode golden;
  private static CaptionEncoder captions;
  private static OnnxTextEncoder raw;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in =
        MiniLmEncoderTest.class.getResourceAsStream("/text-encoders/minilm-l6-expected.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    captions =
        CaptionEncoder.open(
            new TextEncoderFiles(
                null, null, BuiltinTextEncoder.MINILM_L6.id(), BuiltinTextEncoder.MINILM_L6),
            17,
            8,
            Device.cpu());
    long start = System.nanoTime();
    raw = MiniLm.encoder(false);
    System.out.printf(
        Locale.ROOT, "minilm-l6: loaded in %.2f s%n", (System.nanoTime() - start) / 1e9);
  }

  @AfterAll
  static void close() {
    captions.close();
    raw.close();
  }

  @Test
  void lastHiddenStateEqualsTheIndependentForwardPassAtEveryPosition() throws Exception {
    JsonNode cases = golden.get("cases");
    long[][] ids = new long[cases.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = new ObjectMapper().convertValue(cases.get(i).get("ids"), long[].class);
    }
    double worst = 0;
    float[][] hidden = raw.encode(ids);
    for (int i = 0; i < ids.length; i++) {
      float[] expected = flat(cases.get(i).get("lastHiddenState"));
      assertThat(hidden[i]).hasSize(17 * WIDTH).hasSameSizeAs(expected);
      for (int k = 0; k < expected.length; k++) {
        worst = Math.max(worst, Math.abs(hidden[i][k] - expected[k]));
      }
    }
    System.out.printf(Locale.ROOT, "minilm-l6: max |OnnxRuntime - numpy float64| = %.2e%n", worst);
    assertThat(worst).isLessThan(TOLERANCE);
  }

  @Test
  void captionsAreTokenisedAndEncodedWithZerosAtPadding() {
    JsonNode cases = golden.get("cases");
    List<String> texts = new ArrayList<>();
    cases.forEach(c -> texts.add(c.get("text").asText()));
    List<CaptionEncoder.EncodedCaption> encoded = captions.encode(texts);
    assertThat(captions.width()).isEqualTo(BuiltinTextEncoder.MINILM_L6.width()).isEqualTo(WIDTH);
    for (int i = 0; i < texts.size(); i++) {
      JsonNode c = cases.get(i);
      CaptionEncoder.EncodedCaption e = encoded.get(i);
      assertThat(e.ids()).isEqualTo(new ObjectMapper().convertValue(c.get("ids"), long[].class));
      assertThat(e.maxLen()).isEqualTo(c.get("maxLen").asInt());
      float[] expected = flat(c.get("lastHiddenState"));
      for (int t = 0; t < 17; t++) {
        for (int d = 0; d < WIDTH; d++) {
          float got = e.embedding()[t * WIDTH + d];
          if (t < e.maxLen()) {
            assertThat((double) got).isCloseTo(expected[t * WIDTH + d], within());
          } else {
            assertThat(got).as("padded position %d", t).isZero();
          }
        }
      }
    }
  }

  /**
   * Paraphrases must be closer than unrelated captions, by the reference's sentence vector (the sum
   * of the 17 stored vectors divided by max_len: with zeros at padding, the mean of the real
   * tokens'). The same check fails for a broken encoder: the same network fed ids shifted by one
   * vocabulary entry (a tokenizer that does not match the weights).
   */
  @Test
  void paraphrasesAreCloserThanUnrelatedCaptionsAndABrokenEncoderFails() {
    double margin = SemanticCheck.worstMargin(sentences(captions, 0));
    System.out.printf(Locale.ROOT, "minilm-l6: worst paraphrase margin %.3f%n", margin);
    assertThat(margin).isGreaterThan(0.1);

    double broken = SemanticCheck.worstMargin(sentences(captions, 1));
    System.out.printf(Locale.ROOT, "minilm-l6 with ids off by one: worst margin %.3f%n", broken);
    assertThat(broken).isLessThan(0);
  }

  /**
   * Sentence vectors of {@link SemanticCheck#CAPTIONS}, with every real id shifted by {@code
   * shift}.
   */
  private static float[][] sentences(CaptionEncoder captions, int shift) {
    List<CaptionEncoder.EncodedCaption> encoded = captions.encode(SemanticCheck.CAPTIONS);
    long[][] ids = new long[encoded.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = encoded.get(i).ids().clone();
      for (int t = 1; t < encoded.get(i).maxLen() - 1; t++) {
        ids[i][t] += shift;
      }
    }
    float[][] hidden = raw.encode(ids);
    float[][] sentences = new float[ids.length][WIDTH];
    for (int i = 0; i < ids.length; i++) {
      int maxLen = encoded.get(i).maxLen();
      for (int t = 0; t < maxLen; t++) {
        for (int d = 0; d < WIDTH; d++) {
          sentences[i][d] += hidden[i][t * WIDTH + d] / maxLen;
        }
      }
    }
    return sentences;
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(TOLERANCE);
  }

  private static float[] flat(JsonNode rows) {
    float[] out = new float[rows.size() * rows.get(0).size()];
    int k = 0;
    for (JsonNode row : rows) {
      for (JsonNode v : row) {
        out[k++] = (float) v.asDouble();
      }
    }
    return out;
  }
}
