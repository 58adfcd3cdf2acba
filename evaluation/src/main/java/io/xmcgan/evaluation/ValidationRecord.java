package io.xmcgan.evaluation;

import io.xmcgan.records.Example;
import io.xmcgan.records.Feature;
import java.util.List;

/**
 * One validation image with its captions, as preprocessing stores it in {@code
 * data/validation-*.tfrecord}.
 *
 * @param png the image (already at the experiment's image size)
 * @param embeddings (captions × tokens × width) token vectors, padding included, row-major
 * @param maxLen tokens per caption including CLS and SEP
 * @param texts the captions
 */
public record ValidationRecord(byte[] png, float[] embeddings, int[] maxLen, List<String> texts) {

  public static final String IMAGE = "image";
  public static final String EMBEDDING = "caption/embedding";
  public static final String MAX_LEN = "caption/max_len";
  public static final String TEXT = "caption/text";

  public int captionCount() {
    return maxLen.length;
  }

  /** The (tokens × width) token vectors of caption {@code index}. */
  public float[] captionEmbedding(int index, int tokens, int width) {
    int size = tokens * width;
    if (embeddings.length != maxLen.length * size) {
      throw new IllegalArgumentException(
          "validation record has "
              + embeddings.length
              + " embedding values for "
              + maxLen.length
              + " captions; the model expects "
              + tokens
              + " tokens of width "
              + width
              + " per caption ("
              + size
              + " values): the data was preprocessed with another text encoder or maxTokens");
    }
    float[] caption = new float[size];
    System.arraycopy(embeddings, index * size, caption, 0, size);
    return caption;
  }

  /** Reads the features preprocessing writes; {@code source} names the shard in errors. */
  public static ValidationRecord of(Example example, String source) {
    try {
      int[] maxLen = integers(example.feature(MAX_LEN));
      List<String> texts = example.strings(TEXT);
      if (texts.size() != maxLen.length || maxLen.length == 0) {
        throw new IllegalArgumentException(
            "has " + texts.size() + " caption texts and " + maxLen.length + " max_len values");
      }
      return new ValidationRecord(example.bytes(IMAGE), example.floats(EMBEDDING), maxLen, texts);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "validation record in " + source + " is not usable: " + e.getMessage(), e);
    }
  }

  private static int[] integers(Feature feature) {
    if (feature instanceof Feature.Int64List list) {
      long[] values = list.values();
      int[] result = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        result[i] = Math.toIntExact(values[i]);
      }
      return result;
    }
    if (feature instanceof Feature.FloatList list) {
      float[] values = list.values();
      int[] result = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        result[i] = Math.round(values[i]);
      }
      return result;
    }
    throw new IllegalArgumentException(MAX_LEN + " is a " + feature.kind() + ", expected numbers");
  }
}
