package io.xmcgan.preprocessing;

/**
 * Feature names of the tf.Example records in {@code data/*.tfrecord}: the reference's names, so the
 * shards read like those of {@code preprocess_data.py} (see docs/storage-layout.md).
 */
public final class RecordFeatures {

  /** bytes[1]: PNG, 8-bit RGB, imageSize × imageSize. */
  public static final String IMAGE = "image";

  /** bytes[1]: the image's file name in the captions file (UTF-8). */
  public static final String FILENAME = "image/filename";

  /** float[5 × maxTokens × D]: the encoder's last hidden state per caption, row-major. */
  public static final String EMBEDDING = "caption/embedding";

  /** int64[5]: real tokens per caption including [CLS] and [SEP]. */
  public static final String MAX_LEN = "caption/max_len";

  /** bytes[5]: the captions (UTF-8), in the order of the embeddings. */
  public static final String TEXT = "caption/text";

  private RecordFeatures() {}
}
