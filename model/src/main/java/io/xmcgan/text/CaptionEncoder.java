package io.xmcgan.text;

import ai.djl.Device;
import io.xmcgan.experiment.spec.BuiltinTextEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokenises captions and runs the text encoder over them in batches: for every caption the 17 (or
 * {@code maxTokens}) token vectors, padding positions included, and the real token count.
 */
public final class CaptionEncoder implements AutoCloseable {

  private final WordPieceTokenizer tokenizer;
  private final TextEncoder encoder;
  private final int maxTokens;
  private final int batchSize;
  private int width = -1;

  /** One encoded caption; {@code embedding} is (maxTokens × width) row-major. */
  public record EncodedCaption(String text, long[] ids, int maxLen, float[] embedding) {}

  public CaptionEncoder(
      WordPieceTokenizer tokenizer, TextEncoder encoder, int maxTokens, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("caption batch size must be positive, got " + batchSize);
    }
    this.tokenizer = tokenizer;
    this.encoder = encoder;
    this.maxTokens = maxTokens;
    this.batchSize = batchSize;
  }

  /**
   * Loads the encoder onto {@code device} and its vocabulary. The built-in minilm-l6 runs on the
   * CPU whatever the device (OnnxRuntime's CPU package).
   */
  public static CaptionEncoder open(
      TextEncoderFiles files, int maxTokens, int batchSize, Device device) throws IOException {
    WordPieceTokenizer tokenizer;
    TextEncoder encoder;
    if (files.builtin() == BuiltinTextEncoder.MINILM_L6) {
      tokenizer = MiniLm.tokenizer();
      encoder = MiniLm.encoder(true);
    } else {
      try (InputStream in = Files.newInputStream(files.vocab())) {
        tokenizer = WordPieceTokenizer.fromVocab(in, files.vocab().toString());
      }
      encoder = TextEncoder.load(files.encoder(), device);
    }
    CaptionEncoder captions = new CaptionEncoder(tokenizer, encoder, maxTokens, batchSize);
    captions.encode(List.of(""));
    return captions;
  }

  public List<EncodedCaption> encode(List<String> captions) {
    List<EncodedCaption> encoded = new ArrayList<>(captions.size());
    for (int from = 0; from < captions.size(); from += batchSize) {
      List<String> batch = captions.subList(from, Math.min(captions.size(), from + batchSize));
      long[][] ids = new long[batch.size()][];
      int[] lengths = new int[batch.size()];
      for (int i = 0; i < batch.size(); i++) {
        WordPieceTokenizer.Encoding encoding = tokenizer.encode(batch.get(i), maxTokens);
        ids[i] = encoding.ids();
        lengths[i] = encoding.length();
      }
      float[][] embeddings = encoder.encode(ids);
      width = embeddings[0].length / maxTokens;
      for (int i = 0; i < batch.size(); i++) {
        encoded.add(new EncodedCaption(batch.get(i), ids[i], lengths[i], embeddings[i]));
      }
    }
    return encoded;
  }

  /** The encoder's output width D (known once a batch ran; {@link #open} runs one). */
  public int width() {
    return width;
  }

  public int maxTokens() {
    return maxTokens;
  }

  @Override
  public void close() {
    encoder.close();
  }
}
