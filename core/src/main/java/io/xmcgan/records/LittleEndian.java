package io.xmcgan.records;

/** Little-endian integer packing for the fixed-width fields of TFRecord framing. */
final class LittleEndian {

  private LittleEndian() {}

  static void putInt(byte[] buffer, int offset, int value) {
    buffer[offset] = (byte) value;
    buffer[offset + 1] = (byte) (value >>> 8);
    buffer[offset + 2] = (byte) (value >>> 16);
    buffer[offset + 3] = (byte) (value >>> 24);
  }

  static void putLong(byte[] buffer, int offset, long value) {
    putInt(buffer, offset, (int) value);
    putInt(buffer, offset + 4, (int) (value >>> 32));
  }

  static int getInt(byte[] buffer, int offset) {
    return (buffer[offset] & 0xff)
        | (buffer[offset + 1] & 0xff) << 8
        | (buffer[offset + 2] & 0xff) << 16
        | (buffer[offset + 3] & 0xff) << 24;
  }

  static long getLong(byte[] buffer, int offset) {
    return (getInt(buffer, offset) & 0xffffffffL) | ((long) getInt(buffer, offset + 4) << 32);
  }
}
