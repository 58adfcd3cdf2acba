package io.xmcgan.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.text.WordPieceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in shapes-tiny text encoder's vocabulary against the captions the dataset writes. */
class ShapesVocabularyTest {

  @Test
  void shapesVocabularyCoversEveryShapesCaptionWithoutTruncation() throws IOException {
    WordPieceTokenizer tokenizer;
    try (InputStream in =
        ShapesVocabularyTest.class.getResourceAsStream("/text-encoders/shapes-tiny/vocab.txt")) {
      tokenizer = WordPieceTokenizer.fromVocab(in, "shapes-tiny");
    }
    ShapesGenerator generator = new ShapesGenerator(64, 0);
    for (int i = 0; i < 2000; i++) {
      for (String caption : generator.captions("train", i)) {
        List<String> pieces = tokenizer.tokenize(caption);
        assertThat(pieces).as(caption).doesNotContain(WordPieceTokenizer.UNK);
        assertThat(pieces.size()).as(caption).isLessThanOrEqualTo(15);
      }
    }
  }
}
