package io.xmcgan.evaluation.metrics;

import java.util.Arrays;

/**
 * A numeric array read from or written to NumPy's {@code .npy} format, widened to double.
 *
 * @param shape the array's shape; empty for a scalar
 * @param values the elements in C (row-major) order
 */
public record NpyArray(int[] shape, double[] values) {

  public NpyArray {
    long elements = 1;
    for (int extent : shape) {
      if (extent < 0) {
        throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
      }
      elements *= extent;
    }
    if (elements != values.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " needs "
              + elements
              + " values, got "
              + values.length);
    }
  }
}
