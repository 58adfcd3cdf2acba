package io.xmcgan.records;

import java.util.zip.CRC32C;

/**
 * CRC32C (Castagnoli) as used by the TFRecord format, including TensorFlow's masking.
 *
 * <p>TensorFlow masks stored checksums because computing the CRC of a string that itself contains
 * embedded CRCs is error-prone; the masked value is what appears in the file.
 */
public final class Crc32c {

  private static final int MASK_DELTA = 0xa282ead8;

  private Crc32c() {}

  /** The plain CRC32C of {@code length} bytes of {@code data} starting at {@code offset}. */
  public static int checksum(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    return (int) crc.getValue();
  }

  /** The plain CRC32C of all of {@code data}. */
  public static int checksum(byte[] data) {
    return checksum(data, 0, data.length);
  }

  /** TensorFlow's masked form of a CRC: rotate right by 15 bits and add a constant. */
  public static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  /** Inverse of {@link #mask(int)}. */
  static int unmask(int maskedCrc) {
    int rotated = maskedCrc - MASK_DELTA;
    return (rotated >>> 17) | (rotated << 15);
  }

  /** The masked CRC32C of a byte range: the value stored in a TFRecord file. */
  public static int maskedChecksum(byte[] data, int offset, int length) {
    return mask(checksum(data, offset, length));
  }
}
