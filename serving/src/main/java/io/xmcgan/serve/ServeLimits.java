package io.xmcgan.serve;

/**
 * What one server accepts (docs/serving.md): caption length, captions and images per request, the
 * waiting-request queue and how many images one generator forward may batch.
 *
 * @param queueCapacity requests that may wait for the generator; one more gets a 503
 * @param maxBatchImages images of queued requests generated in one forward pass
 */
public record ServeLimits(
    int maxCaptionChars,
    int maxCaptions,
    int maxImagesPerCaption,
    int maxImagesPerRequest,
    int queueCapacity,
    int maxBatchImages) {

  /** The largest seed: JavaScript's Number.MAX_SAFE_INTEGER, so the page can echo any seed. */
  public static final long MAX_SEED = (1L << 53) - 1;

  public static final int DEFAULT_QUEUE_CAPACITY = 16;
  public static final int DEFAULT_MAX_BATCH_IMAGES = 32;

  public static final ServeLimits DEFAULTS =
      new ServeLimits(200, 8, 8, 16, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_BATCH_IMAGES);

  public ServeLimits {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("--queue-size must be at least 1, got " + queueCapacity);
    }
    if (maxBatchImages < maxImagesPerRequest) {
      throw new IllegalArgumentException(
          "--max-batch-images must be at least the "
              + maxImagesPerRequest
              + " images one request may ask for, got "
              + maxBatchImages);
    }
  }

  public ServeLimits withQueue(int capacity, int batchImages) {
    return new ServeLimits(
        maxCaptionChars,
        maxCaptions,
        maxImagesPerCaption,
        maxImagesPerRequest,
        capacity,
        batchImages);
  }
}
