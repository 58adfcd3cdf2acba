package io.xmcgan.records;

import java.nio.FloatBuffer;
import java.util.Arrays;

/** Accumulates floats for a repeated field that may arrive packed, unpacked or in pieces. */
public final class FloatArrayBuilder {

  private float[] values = new float[0];
  private int size;

  public void add(float value) {
    ensure(1);
    values[size++] = value;
  }

  public void append(FloatBuffer source) {
    int count = source.remaining();
    ensure(count);
    source.get(values, size, count);
    size += count;
  }

  public float[] build() {
    return size == values.length ? values : Arrays.copyOf(values, size);
  }

  private void ensure(int more) {
    if (values.length - size < more) {
      values = Arrays.copyOf(values, Math.max(values.length * 2, size + more));
    }
  }
}
