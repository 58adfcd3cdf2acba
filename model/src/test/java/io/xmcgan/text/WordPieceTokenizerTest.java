package io.xmcgan.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordPieceTokenizerTest {

  private static WordPieceTokenizer testVocab() throws IOException {
    try (InputStream in = resource("/tokenizer/vocab.txt")) {
      return WordPieceTokenizer.fromVocab(in, "tokenizer/vocab.txt");
    }
  }

  @Test
  void handCheckedCaseSplitsIntoContinuationPieces() throws IOException {
    // vocab ids: un=5 ##want=6 ##ed=7 runn=9 ##ing=10 ","=11
    WordPieceTokenizer.Encoding encoding = testVocab().encode("UNwant\u00e9d,running", 17);
    assertThat(encoding.ids()).containsExactly(2, 5, 6, 7, 11, 9, 10, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(encoding.length()).isEqualTo(8);
  }

  @Test
  void truncatesToFifteenPiecesBeforeSep() throws IOException {
    WordPieceTokenizer.Encoding encoding = testVocab().encode("a red bus ".repeat(6), 17);
    assertThat(encoding.length()).isEqualTo(17);
    assertThat(encoding.ids()[16]).isEqualTo(3);
    assertThat(encoding.ids()[15]).as("15th piece: bus of the 5th repetition").isEqualTo(38);
  }

  @Test
  void unknownWordsBecomeOneUnkToken() throws IOException {
    assertThat(testVocab().tokenize("unwantedx dog")).containsExactly("[UNK]", "dog");
  }

  @Test
  void matchesReferenceFullTokenizerOnAwkwardCaptions() throws IOException {
    WordPieceTokenizer tokenizer = testVocab();
    JsonNode fixture = new ObjectMapper().readTree(resource("/tokenizer/expected.json"));
    int maxTokens = fixture.get("maxTokens").asInt();
    for (JsonNode c : fixture.get("cases")) {
      String text = c.get("text").asText();
      List<String> pieces = new ArrayList<>();
      c.get("pieces").forEach(p -> pieces.add(p.asText()));
      long[] ids = new ObjectMapper().convertValue(c.get("ids"), long[].class);
      assertThat(tokenizer.tokenize(text)).as("pieces of %s", text).isEqualTo(pieces);
      WordPieceTokenizer.Encoding encoding = tokenizer.encode(text, maxTokens);
      assertThat(encoding.ids()).as("ids of %s", text).isEqualTo(ids);
      assertThat(encoding.length()).as("max_len of %s", text).isEqualTo(c.get("maxLen").asInt());
    }
  }

  @Test
  void vocabularyWithoutSpecialTokensIsRejectedByName() {
    InputStream in = new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> WordPieceTokenizer.fromVocab(in, "s3://b/vocab.txt"))
        .hasMessageContaining("s3://b/vocab.txt")
        .hasMessageContaining("[UNK]");
  }

  private static InputStream resource(String name) {
    InputStream in = WordPieceTokenizerTest.class.getResourceAsStream(name);
    assertThat(in).as("test resource %s", name).isNotNull();
    return in;
  }
}
