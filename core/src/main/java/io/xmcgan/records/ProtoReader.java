package io.xmcgan.records;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protocol-buffer wire-format decoder over a byte range. Each error names the message being decoded
 * ({@code what}) and the byte position, so a bad record can be located.
 */
public final class ProtoReader {

  private final byte[] buffer;
  private final int limit;
  private final String what;
  private int position;

  public ProtoReader(byte[] buffer, int offset, int length, String what) {
    if (offset < 0 || length < 0 || offset + length > buffer.length) {
      throw new IllegalArgumentException(
          "range [" + offset + ", " + (offset + length) + ") outside array of " + buffer.length);
    }
    this.buffer = buffer;
    this.position = offset;
    this.limit = offset + length;
    this.what = what;
  }

  public ProtoReader(byte[] buffer, String what) {
    this(buffer, 0, buffer.length, what);
  }

  public boolean hasRemaining() {
    return position < limit;
  }

  /** Reads a field key; use {@link #fieldNumber(int)} and {@link #wireType(int)} on it. */
  public int readTag() {
    long key = readVarint();
    if (key >>> 3 == 0 || key >>> 3 > 0x1FFFFFFF) {
      throw malformed("invalid field key " + key);
    }
    return (int) key;
  }

  public static int fieldNumber(int tag) {
    return tag >>> 3;
  }

  public static int wireType(int tag) {
    return tag & 7;
  }

  public long readVarint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= limit) {
        throw malformed("varint runs past the end");
      }
      byte b = buffer[position++];
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw malformed("varint longer than 10 bytes");
  }

  public int readFixed32() {
    require(4);
    int value = LittleEndian.getInt(buffer, position);
    position += 4;
    return value;
  }

  public long readFixed64() {
    require(8);
    long value = LittleEndian.getLong(buffer, position);
    position += 8;
    return value;
  }

  public float readFloat() {
    return Float.intBitsToFloat(readFixed32());
  }

  public double readDouble() {
    return Double.longBitsToDouble(readFixed64());
  }

  /** Reads a length-delimited field's body as a reader over the same array (no copy). */
  public ProtoReader readMessage(String innerWhat) {
    int length = readLength();
    ProtoReader inner = new ProtoReader(buffer, position, length, innerWhat);
    position += length;
    return inner;
  }

  public byte[] readBytes() {
    int length = readLength();
    byte[] value = Arrays.copyOfRange(buffer, position, position + length);
    position += length;
    return value;
  }

  public String readString() {
    int length = readLength();
    String value = new String(buffer, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  /** Reads a packed float body, appending to {@code into} (grown as needed); returns it. */
  public FloatArrayBuilder readPackedFloats(FloatArrayBuilder into) {
    int length = readLength();
    if (length % 4 != 0) {
      throw malformed("packed float field of " + length + " bytes is not a multiple of 4");
    }
    into.append(
        ByteBuffer.wrap(buffer, position, length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
    position += length;
    return into;
  }

  /** Reads a packed varint body, appending each value to {@code into}; returns it. */
  public LongArrayBuilder readPackedVarints(LongArrayBuilder into) {
    ProtoReader packed = readMessage(what);
    while (packed.hasRemaining()) {
      into.add(packed.readVarint());
    }
    return into;
  }

  /** Skips a field of the given wire type whose key has just been read. */
  public void skip(int wireType) {
    switch (wireType) {
      case ProtoWriter.WIRE_VARINT -> readVarint();
      case ProtoWriter.WIRE_FIXED64 -> advance(8);
      case ProtoWriter.WIRE_LENGTH_DELIMITED -> advance(readLength());
      case ProtoWriter.WIRE_FIXED32 -> advance(4);
      default -> throw malformed("unsupported wire type " + wireType);
    }
  }

  public MalformedProtoException malformed(String problem) {
    return new MalformedProtoException(
        "Malformed " + what + " at byte " + position + ": " + problem);
  }

  /** Fails unless a field key just read has the wire type the schema requires. */
  public void expectWireType(int tag, int wireType) {
    if (wireType(tag) != wireType) {
      throw malformed(
          "field "
              + fieldNumber(tag)
              + " has wire type "
              + wireType(tag)
              + ", expected "
              + wireType);
    }
  }

  private int readLength() {
    long length = readVarint();
    if (length < 0 || length > limit - position) {
      throw malformed("length " + length + " exceeds the " + (limit - position) + " bytes left");
    }
    return (int) length;
  }

  private void advance(int bytes) {
    require(bytes);
    position += bytes;
  }

  private void require(int bytes) {
    if (limit - position < bytes) {
      throw malformed("needs " + bytes + " bytes, " + (limit - position) + " left");
    }
  }
}
