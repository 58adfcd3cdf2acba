package io.xmcgan.records;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protocol-buffer wire-format encoder for the handful of messages we exchange with TensorFlow tools
 * (tf.Example, TensorBoard events). Writes into one growable array; callers that know the encoded
 * size up front pass it so that large messages are written without copies.
 */
public final class ProtoWriter {

  public static final int WIRE_VARINT = 0;
  public static final int WIRE_FIXED64 = 1;
  public static final int WIRE_LENGTH_DELIMITED = 2;
  public static final int WIRE_FIXED32 = 5;

  private byte[] buffer;
  private int position;

  public ProtoWriter(int expectedSize) {
    buffer = new byte[Math.max(expectedSize, 16)];
  }

  public ProtoWriter() {
    this(64);
  }

  public void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  public void varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[position++] = (byte) value;
  }

  public void fixed32(int value) {
    ensure(4);
    LittleEndian.putInt(buffer, position, value);
    position += 4;
  }

  public void fixed64(long value) {
    ensure(8);
    LittleEndian.putLong(buffer, position, value);
    position += 8;
  }

  public void varintField(int field, long value) {
    tag(field, WIRE_VARINT);
    varint(value);
  }

  public void floatField(int field, float value) {
    tag(field, WIRE_FIXED32);
    fixed32(Float.floatToRawIntBits(value));
  }

  public void doubleField(int field, double value) {
    tag(field, WIRE_FIXED64);
    fixed64(Double.doubleToRawLongBits(value));
  }

  public void bytesField(int field, byte[] value) {
    tag(field, WIRE_LENGTH_DELIMITED);
    varint(value.length);
    raw(value, 0, value.length);
  }

  public void stringField(int field, String value) {
    bytesField(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code message} (an already encoded message) as a length-delimited field. */
  public void messageField(int field, ProtoWriter message) {
    tag(field, WIRE_LENGTH_DELIMITED);
    varint(message.position);
    raw(message.buffer, 0, message.position);
  }

  /** Starts a length-delimited field whose body the caller writes next, {@code length} bytes. */
  public void lengthDelimitedHeader(int field, int length) {
    tag(field, WIRE_LENGTH_DELIMITED);
    varint(length);
  }

  /** A packed repeated float field; nothing is written for an empty array, as protobuf does. */
  public void packedFloats(int field, float[] values) {
    if (values.length == 0) {
      return;
    }
    int length = 4 * values.length;
    lengthDelimitedHeader(field, length);
    ensure(length);
    ByteBuffer.wrap(buffer, position, length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .put(values);
    position += length;
  }

  /** A packed repeated int64 field (two's complement varints, no zigzag). */
  public void packedInt64s(int field, long[] values) {
    if (values.length == 0) {
      return;
    }
    lengthDelimitedHeader(field, packedInt64sBodySize(values));
    for (long value : values) {
      varint(value);
    }
  }

  public void raw(byte[] data, int offset, int length) {
    ensure(length);
    System.arraycopy(data, offset, buffer, position, length);
    position += length;
  }

  public int size() {
    return position;
  }

  public byte[] toByteArray() {
    return position == buffer.length ? buffer : Arrays.copyOf(buffer, position);
  }

  public static int varintSize(long value) {
    int bits = 64 - Long.numberOfLeadingZeros(value | 1);
    return (bits + 6) / 7;
  }

  public static int tagSize(int field) {
    return varintSize((long) field << 3);
  }

  /** Encoded size of a length-delimited field with a {@code length}-byte body. */
  public static int lengthDelimitedSize(int field, int length) {
    return tagSize(field) + varintSize(length) + length;
  }

  public static int packedFloatsSize(int field, float[] values) {
    return values.length == 0 ? 0 : lengthDelimitedSize(field, 4 * values.length);
  }

  public static int packedInt64sSize(int field, long[] values) {
    return values.length == 0 ? 0 : lengthDelimitedSize(field, packedInt64sBodySize(values));
  }

  private static int packedInt64sBodySize(long[] values) {
    int size = 0;
    for (long value : values) {
      size += varintSize(value);
    }
    return size;
  }

  private void ensure(int bytes) {
    if (buffer.length - position < bytes) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + bytes));
    }
  }
}
