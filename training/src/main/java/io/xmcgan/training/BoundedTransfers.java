package io.xmcgan.training;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Splits reads and writes into pieces of at most {@value #CHUNK} bytes. A tensor is encoded as one
 * byte array (up to hundreds of MB for a coco-128 layer and its Adam moments), and a file channel
 * copies each write or read through a temporary direct buffer of the same size, which the JDK then
 * caches per thread; bounded pieces keep that off-heap memory at one chunk.
 */
final class BoundedTransfers {

  static final int CHUNK = 1 << 20;

  private BoundedTransfers() {}

  static OutputStream output(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        for (int done = 0; done < len; done += CHUNK) {
          out.write(b, off + done, Math.min(CHUNK, len - done));
        }
      }
    };
  }

  static InputStream input(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, Math.min(CHUNK, len));
      }
    };
  }
}
