package io.xmcgan.evaluation;

/**
 * The extractor's outputs for a batch of {@code count} images, row-major.
 *
 * @param features (count × dimension) FID features
 * @param logits (count × classes) Inception Score logits
 */
public record Features(int count, int dimension, float[] features, float[] logits) {

  /**
   * Feature rows, as {@link io.xmcgan.evaluation.metrics.GaussianAccumulator#add(float[][])} takes.
   */
  public float[][] rows() {
    float[][] rows = new float[count][dimension];
    for (int i = 0; i < count; i++) {
      System.arraycopy(features, i * dimension, rows[i], 0, dimension);
    }
    return rows;
  }
}
