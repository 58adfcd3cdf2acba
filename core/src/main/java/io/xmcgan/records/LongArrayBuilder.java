package io.xmcgan.records;

import java.util.Arrays;

/** Accumulates longs for a repeated field that may arrive packed, unpacked or in pieces. */
public final class LongArrayBuilder {

  private long[] values = new long[8];
  private int size;

  public void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[size++] = value;
  }

  public long[] build() {
    return Arrays.copyOf(values, size);
  }
}
