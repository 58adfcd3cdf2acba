package io.xmcgan.storage.testing;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * A deterministic pseudo-random byte stream of a given length, generated on the fly so that tests
 * and benchmarks can move hundreds of MB without holding them in memory.
 */
public class GeneratedInputStream extends InputStream {

  private final long length;
  private final SplittableRandom random;
  private long position;

  public GeneratedInputStream(long length, long seed) {
    this.length = length;
    this.random = new SplittableRandom(seed);
  }

  public long position() {
    return position;
  }

  @Override
  public int read() {
    if (position >= length) {
      return -1;
    }
    position++;
    return random.nextInt(256);
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position >= length) {
      return -1;
    }
    int n = (int) Math.min(len, length - position);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      long bits = random.nextLong();
      for (int j = 0; j < 8; j++) {
        b[off + i + j] = (byte) (bits >>> (8 * j));
      }
    }
    for (; i < n; i++) {
      b[off + i] = (byte) random.nextInt(256);
    }
    position += n;
    afterRead(position);
    return n;
  }

  /** Called after each bulk read with the bytes produced so far; a hook for measurements. */
  protected void afterRead(long produced) {}
}
