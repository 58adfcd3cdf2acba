package io.xmcgan.evaluation.metrics;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} arrays (format versions 1.0, 2.0 and 3.0), streaming the data
 * through a small buffer. Reading accepts little-endian {@code <f8}, {@code <f4} and {@code <i8} in
 * C order; writing produces version 1.0 {@code <f8}, what {@code numpy.save} writes for float64.
 */
public final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int HEADER_ALIGNMENT = 64;
  private static final int CHUNK_BYTES = 1 << 16;
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /**
   * Reads one array from {@code in}; {@code source} names the file (and archive entry) in errors.
   */
  public static NpyArray read(InputStream in, String source) throws IOException {
    byte[] magic = readFully(in, MAGIC.length, source);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException(source + " is not a .npy array: it does not start with \\x93NUMPY");
    }
    byte[] version = readFully(in, 2, source);
    int headerLength;
    if (version[0] == 1) {
      headerLength = littleEndian(readFully(in, 2, source)).getShort() & 0xFFFF;
    } else if (version[0] == 2 || version[0] == 3) {
      headerLength = littleEndian(readFully(in, 4, source)).getInt();
      if (headerLength < 0) {
        throw new IOException(source + " has an invalid .npy header length");
      }
    } else {
      throw new IOException(
          source
              + " uses .npy format version "
              + version[0]
              + "."
              + version[1]
              + "; 1-3 supported");
    }
    String header = new String(readFully(in, headerLength, source), StandardCharsets.UTF_8);
    ElementType type = elementType(header, source);
    Matcher fortran = FORTRAN.matcher(header);
    if (!fortran.find()) {
      throw new IOException(source + " has a .npy header without 'fortran_order': " + header);
    }
    if (fortran.group(1).equals("True")) {
      throw new IOException(
          source
              + " stores its array in Fortran order; save it in C order"
              + " (numpy.ascontiguousarray) and try again");
    }
    int[] shape = shape(header, source);
    long elements = 1;
    for (int extent : shape) {
      elements *= extent;
    }
    if (elements > Integer.MAX_VALUE - 8) {
      throw new IOException(source + " holds " + elements + " values, too many for one array");
    }
    double[] values = new double[(int) elements];
    readValues(in, type, values, source);
    return new NpyArray(shape, values);
  }

  /** Writes {@code array} as a version 1.0 little-endian float64 {@code .npy}. */
  public static void write(OutputStream out, NpyArray array) throws IOException {
    out.write(header(array.shape()));
    ByteBuffer buffer = littleEndian(new byte[CHUNK_BYTES]);
    for (double value : array.values()) {
      if (!buffer.hasRemaining()) {
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      buffer.putDouble(value);
    }
    out.write(buffer.array(), 0, buffer.position());
  }

  private static byte[] header(int[] shape) {
    StringBuilder dims = new StringBuilder();
    for (int extent : shape) {
      dims.append(extent).append(", ");
    }
    String shapeText =
        shape.length == 1 ? shape[0] + "," : dims.substring(0, Math.max(0, dims.length() - 2));
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + shapeText + "), }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int padding = (HEADER_ALIGNMENT - unpadded % HEADER_ALIGNMENT) % HEADER_ALIGNMENT;
    String text = dict + " ".repeat(padding) + "\n";
    ByteBuffer bytes = littleEndian(new byte[MAGIC.length + 4 + text.length()]);
    bytes.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
    bytes.put(text.getBytes(StandardCharsets.US_ASCII));
    return bytes.array();
  }

  private enum ElementType {
    FLOAT64(8),
    FLOAT32(4),
    INT64(8);

    final int bytes;

    ElementType(int bytes) {
      this.bytes = bytes;
    }
  }

  private static ElementType elementType(String header, String source) throws IOException {
    Matcher descr = DESCR.matcher(header);
    if (!descr.find()) {
      throw new IOException(source + " has a .npy header without 'descr': " + header);
    }
    return switch (descr.group(1)) {
      case "<f8" -> ElementType.FLOAT64;
      case "<f4" -> ElementType.FLOAT32;
      case "<i8" -> ElementType.INT64;
      default ->
          throw new IOException(
              source
                  + " has dtype '"
                  + descr.group(1)
                  + "'; only little-endian '<f8' and '<f4' (and '<i8' counts) are supported:"
                  + " convert it with array.astype('<f8')");
    };
  }

  private static int[] shape(String header, String source) throws IOException {
    Matcher shape = SHAPE.matcher(header);
    if (!shape.find()) {
      throw new IOException(source + " has a .npy header without 'shape': " + header);
    }
    String[] parts = shape.group(1).split(",");
    return Arrays.stream(parts)
        .map(String::trim)
        .filter(part -> !part.isEmpty())
        .mapToInt(
            part -> {
              try {
                return Integer.parseInt(part);
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                    source + " has a .npy shape extent '" + part + "' that is not an int", e);
              }
            })
        .toArray();
  }

  private static void readValues(InputStream in, ElementType type, double[] values, String source)
      throws IOException {
    byte[] chunk = new byte[CHUNK_BYTES];
    ByteBuffer buffer = littleEndian(chunk);
    int next = 0;
    int carried = 0;
    while (next < values.length) {
      int wanted = (int) Math.min(chunk.length, (long) (values.length - next) * type.bytes);
      int read = in.read(chunk, carried, wanted - carried);
      if (read < 0) {
        throw new EOFException(
            source
                + " ends after "
                + next
                + " of its "
                + values.length
                + " values (truncated file)");
      }
      int available = carried + read;
      int whole = available / type.bytes;
      buffer.clear();
      for (int k = 0; k < whole; k++) {
        values[next++] =
            switch (type) {
              case FLOAT64 -> buffer.getDouble();
              case FLOAT32 -> buffer.getFloat();
              case INT64 -> buffer.getLong();
            };
      }
      carried = available - whole * type.bytes;
      System.arraycopy(chunk, whole * type.bytes, chunk, 0, carried);
    }
  }

  private static byte[] readFully(InputStream in, int length, String source) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new EOFException(source + " ends inside its .npy header (truncated file)");
    }
    return bytes;
  }

  private static ByteBuffer littleEndian(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
