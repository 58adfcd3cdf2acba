package io.xmcgan.evaluation.metrics;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Accumulates the mean and covariance of feature vectors batch by batch, in double precision, with
 * memory independent of the number of vectors: a running mean, the upper triangle of the centred
 * scatter matrix and a small block of pending rows.
 *
 * <p>Each block of rows is centred on its own mean and folded into the running state with Chan's
 * parallel update ({@code S += S_block + δδᵀ·n_a·n_b/(n_a + n_b)}), so there is no cancellation
 * between a large {@code Σxxᵀ} and {@code n·μμᵀ} even when the features have a large common offset.
 * The same update merges accumulators, so each thread can own one and they are merged at the end.
 *
 * <p>Not thread-safe: use one instance per thread and {@link #merge} them.
 */
public final class GaussianAccumulator {

  private static final int BLOCK_ROWS = 64;
  private static final int ROWS_PER_PASS = 4;

  private final int dimension;
  private final double[] mean;
  private final double[] scatterUpper;

  /** Pending rows plus one slot for the mean-shift row; padded to a multiple of ROWS_PER_PASS. */
  private final double[][] block;

  private int pendingRows;
  private long count;

  public GaussianAccumulator(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("feature dimension must be at least 1, got " + dimension);
    }
    this.dimension = dimension;
    this.mean = new double[dimension];
    this.scatterUpper = new double[Math.multiplyExact(dimension, dimension)];
    int slots = (BLOCK_ROWS + 1 + ROWS_PER_PASS - 1) / ROWS_PER_PASS * ROWS_PER_PASS;
    this.block = new double[slots][dimension];
  }

  public int dimension() {
    return dimension;
  }

  /** Number of feature vectors added so far (including merged accumulators). */
  public long count() {
    return count + pendingRows;
  }

  /** Adds each row of {@code features}; every row must have length {@link #dimension()}. */
  public void add(float[][] features) {
    for (int row = 0; row < features.length; row++) {
      if (features[row].length != dimension) {
        throw new IllegalArgumentException(
            "feature row "
                + row
                + " has length "
                + features[row].length
                + ", expected the accumulator's dimension "
                + dimension);
      }
      addRow(features[row], 0, row);
    }
  }

  /**
   * Adds {@code features.length / dimension()} vectors stored one after the other (row-major {@code
   * [n, d]}), the layout of a feature tensor's flat buffer.
   */
  public void add(float[] features) {
    if (features.length % dimension != 0) {
      throw new IllegalArgumentException(
          "flat feature buffer of length "
              + features.length
              + " is not a whole number of rows of dimension "
              + dimension);
    }
    int rows = features.length / dimension;
    for (int row = 0; row < rows; row++) {
      addRow(features, row * dimension, row);
    }
  }

  /**
   * Folds everything {@code other} has accumulated into this accumulator; {@code other} is
   * unchanged.
   */
  public void merge(GaussianAccumulator other) {
    if (other.dimension != dimension) {
      throw new IllegalArgumentException(
          "cannot merge statistics of dimension "
              + other.dimension
              + " into dimension "
              + dimension);
    }
    if (other == this) {
      throw new IllegalArgumentException("cannot merge an accumulator into itself");
    }
    flush();
    GaussianAccumulator source = other.copy();
    source.flush();
    if (source.count == 0) {
      return;
    }
    if (count == 0) {
      System.arraycopy(source.mean, 0, mean, 0, dimension);
      System.arraycopy(source.scatterUpper, 0, scatterUpper, 0, scatterUpper.length);
      count = source.count;
      return;
    }
    for (int i = 0; i < dimension; i++) {
      int offset = i * dimension;
      for (int j = i; j < dimension; j++) {
        scatterUpper[offset + j] += source.scatterUpper[offset + j];
      }
    }
    clearBlock(0);
    foldShiftedMean(source.mean, source.count, 0);
    addOuterProducts(ROWS_PER_PASS);
  }

  /** The mean and unbiased covariance of everything added; needs at least two vectors. */
  public GaussianStatistics toStatistics() {
    flush();
    if (count < 2) {
      throw new IllegalStateException(
          "a covariance needs at least 2 feature vectors, got " + count + "; add more images");
    }
    double[] covariance = new double[scatterUpper.length];
    double scale = 1.0 / (count - 1);
    for (int i = 0; i < dimension; i++) {
      for (int j = i; j < dimension; j++) {
        double value = scatterUpper[i * dimension + j] * scale;
        covariance[i * dimension + j] = value;
        covariance[j * dimension + i] = value;
      }
    }
    return new GaussianStatistics(mean.clone(), covariance, OptionalLong.of(count));
  }

  private GaussianAccumulator copy() {
    GaussianAccumulator copy = new GaussianAccumulator(dimension);
    System.arraycopy(mean, 0, copy.mean, 0, dimension);
    System.arraycopy(scatterUpper, 0, copy.scatterUpper, 0, scatterUpper.length);
    for (int row = 0; row < pendingRows; row++) {
      System.arraycopy(block[row], 0, copy.block[row], 0, dimension);
    }
    copy.pendingRows = pendingRows;
    copy.count = count;
    return copy;
  }

  private void addRow(float[] source, int offset, int rowInBatch) {
    double[] target = block[pendingRows];
    for (int k = 0; k < dimension; k++) {
      float value = source[offset + k];
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException(
            "feature value "
                + value
                + " at row "
                + rowInBatch
                + ", column "
                + k
                + " is not finite");
      }
      target[k] = value;
    }
    pendingRows++;
    if (pendingRows == BLOCK_ROWS) {
      flush();
    }
  }

  private void flush() {
    int rows = pendingRows;
    if (rows == 0) {
      return;
    }
    double[] blockMean = new double[dimension];
    for (int row = 0; row < rows; row++) {
      double[] values = block[row];
      for (int k = 0; k < dimension; k++) {
        blockMean[k] += values[k];
      }
    }
    for (int k = 0; k < dimension; k++) {
      blockMean[k] /= rows;
    }
    for (int row = 0; row < rows; row++) {
      double[] values = block[row];
      for (int k = 0; k < dimension; k++) {
        values[k] -= blockMean[k];
      }
    }
    clearBlock(rows);
    int usedRows = rows;
    if (count == 0) {
      System.arraycopy(blockMean, 0, mean, 0, dimension);
      count = rows;
    } else {
      foldShiftedMean(blockMean, rows, rows);
      usedRows = rows + 1;
    }
    pendingRows = 0;
    addOuterProducts((usedRows + ROWS_PER_PASS - 1) / ROWS_PER_PASS * ROWS_PER_PASS);
  }

  /**
   * Moves the running mean to the combined mean of this state and {@code otherCount} vectors with
   * mean {@code otherMean}, and writes the scatter correction row √(n_a·n_b/n)·δ into block slot
   * {@code slot}.
   */
  private void foldShiftedMean(double[] otherMean, long otherCount, int slot) {
    double total = (double) count + otherCount;
    double weight = Math.sqrt((double) count * otherCount / total);
    double meanStep = otherCount / total;
    double[] correction = block[slot];
    for (int k = 0; k < dimension; k++) {
      double delta = otherMean[k] - mean[k];
      correction[k] = weight * delta;
      mean[k] += delta * meanStep;
    }
    count += otherCount;
  }

  private void clearBlock(int fromRow) {
    for (int row = fromRow; row < block.length; row++) {
      Arrays.fill(block[row], 0.0);
    }
  }

  /**
   * Adds Σ_r x_r x_rᵀ (upper triangle) over the first {@code rows} block rows; rows is a multiple
   * of ROWS_PER_PASS. The loop keeps one scatter row hot while all block rows stream past it.
   */
  private void addOuterProducts(int rows) {
    int d = dimension;
    for (int i = 0; i < d; i++) {
      int offset = i * d;
      for (int r = 0; r < rows; r += ROWS_PER_PASS) {
        double[] x0 = block[r];
        double[] x1 = block[r + 1];
        double[] x2 = block[r + 2];
        double[] x3 = block[r + 3];
        double c0 = x0[i];
        double c1 = x1[i];
        double c2 = x2[i];
        double c3 = x3[i];
        for (int j = i; j < d; j++) {
          scatterUpper[offset + j] += c0 * x0[j] + c1 * x1[j] + c2 * x2[j] + c3 * x3[j];
        }
      }
    }
  }
}
