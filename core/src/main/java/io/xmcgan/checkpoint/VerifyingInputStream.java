package io.xmcgan.checkpoint;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes a checkpoint file while it is read and, at the end of the stream (or on close, after
 * reading what the caller left), fails with {@link CheckpointCorruptedException} when size or
 * SHA-256 differ from the manifest.
 */
final class VerifyingInputStream extends FilterInputStream {

  private final CheckpointFile expected;
  private final String location;
  private final MessageDigest digest;
  private long count;
  private boolean verified;

  VerifyingInputStream(InputStream in, CheckpointFile expected, String location) {
    super(in);
    this.expected = expected;
    this.location = location;
    this.digest = sha256();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      verify();
    } else {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n < 0) {
      verify();
    } else {
      digest.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() throws IOException {
    try {
      if (!verified) {
        transferTo(OutputStream.nullOutputStream());
      }
    } finally {
      super.close();
    }
  }

  private void verify() throws CheckpointCorruptedException {
    if (verified) {
      return;
    }
    verified = true;
    String actual = HexFormat.of().formatHex(digest.digest());
    if (count != expected.size() || !actual.equals(expected.sha256())) {
      throw new CheckpointCorruptedException(
          location
              + " is corrupted: manifest says "
              + expected.size()
              + " bytes with sha256 "
              + expected.sha256()
              + ", read "
              + count
              + " bytes with sha256 "
              + actual);
    }
  }
}
