package io.xmcgan.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in minilm-l6 tokenisation equals what its tokenizer file specifies, checked two
 * independent ways: against ids written by tools/text-encoder/make_minilm_token_fixture.py (plain
 * Python reading the tokenizer JSON) and against HuggingFace's own Rust tokenizer (DJL's binding, a
 * test-only dependency) loaded from the same JSON.
 */
class MiniLmTokenizerTest {

  private static JsonNode fixture;
  private static WordPieceTokenizer tokenizer;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in =
        MiniLmTokenizerTest.class.getResourceAsStream("/text-encoders/minilm-l6-tokens.json")) {
      fixture = new ObjectMapper().readTree(in);
    }
    tokenizer = MiniLm.tokenizer();
  }

  @Test
  void idsEqualThePythonReadingOfTheTokenizerFile() {
    int maxTokens = fixture.get("maxTokens").asInt();
    assertThat(tokenizer.vocabSize()).isEqualTo(fixture.get("vocabSize").asInt()).isEqualTo(30522);
    assertThat(fixture.get("cases")).hasSizeGreaterThan(20);
    for (JsonNode c : fixture.get("cases")) {
      String text = c.get("text").asText();
      WordPieceTokenizer.Encoding encoding = tokenizer.encode(text, maxTokens);
      assertThat(encoding.ids()).as(text).isEqualTo(longs(c.get("ids")));
      assertThat(encoding.length()).as(text).isEqualTo(c.get("maxLen").asInt());
      assertThat(tokenizer.tokenize(text)).as(text).containsExactly(strings(c.get("pieces")));
    }
  }

  @Test
  void idsEqualHuggingFacesRustTokenizerOnTheSameFile() throws Exception {
    try (InputStream json = MiniLm.class.getResourceAsStream(MiniLm.TOKENIZER_RESOURCE);
        HuggingFaceTokenizer reference =
            HuggingFaceTokenizer.newInstance(
                json, Map.of("padding", "false", "truncation", "false"))) {
      for (JsonNode c : fixture.get("cases")) {
        String text = c.get("text").asText();
        long[] expected = reference.encode(text).getIds();
        assertThat(expected)
            .as("Rust vs Python fixture: " + text)
            .isEqualTo(longs(c.get("untruncatedIds")));
        WordPieceTokenizer.Encoding ours = tokenizer.encode(text, expected.length + 2);
        assertThat(Arrays.copyOf(ours.ids(), ours.length())).as(text).isEqualTo(expected);
      }
    }
  }

  @Test
  void aTokenizerFileWithOtherRulesIsRefused() {
    String cased =
        """
        {"normalizer": {"type": "BertNormalizer", "clean_text": true,
          "handle_chinese_chars": true, "strip_accents": null, "lowercase": false},
         "pre_tokenizer": {"type": "BertPreTokenizer"},
         "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
          "max_input_chars_per_word": 100, "vocab": {"[PAD]": 0, "[UNK]": 1}}}
        """;
    assertThatThrownBy(
            () ->
                WordPieceTokenizer.fromHuggingFaceJson(
                    new ByteArrayInputStream(cased.getBytes(StandardCharsets.UTF_8)), "cased.json"))
        .hasMessageContaining("cased.json")
        .hasMessageContaining("normalizer.lowercase");
  }

  private static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }

  private static String[] strings(JsonNode array) {
    String[] out = new String[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asText();
    }
    return out;
  }
}
