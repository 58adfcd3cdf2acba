package io.xmcgan.records;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads TFRecord-framed records one at a time from a stream, verifying both checksums of every
 * record. Only the current record is held in memory.
 */
public final class TfRecordReader implements Closeable {

  /**
   * Records larger than this are rejected even when the length checksum matches: no record we write
   * comes close, and allocating a multi-gigabyte array for a damaged file would be worse.
   */
  public static final long MAX_RECORD_BYTES = Integer.MAX_VALUE - 16;

  private static final int BUFFER_BYTES = 1 << 16;

  private final InputStream in;
  private final String source;
  private final byte[] header = new byte[12];
  private final byte[] footer = new byte[4];
  private long offset;

  /**
   * Reads from {@code in}; {@code source} names the file or object in error messages. Closing this
   * reader closes {@code in}.
   */
  public TfRecordReader(InputStream in, String source) {
    this.in = new BufferedInputStream(in, BUFFER_BYTES);
    this.source = source;
  }

  /** Opens a local file, named by its path in error messages. */
  public static TfRecordReader open(Path path) throws IOException {
    return new TfRecordReader(Files.newInputStream(path), path.toString());
  }

  /**
   * The next record's data, or empty at the end of the stream.
   *
   * @throws CorruptRecordException if the record is truncated or a checksum does not match
   */
  public Optional<byte[]> next() throws IOException {
    int headerRead = in.readNBytes(header, 0, header.length);
    if (headerRead == 0) {
      return Optional.empty();
    }
    if (headerRead < header.length) {
      throw corrupt(
          "truncated record header (" + headerRead + " of " + header.length + " bytes present)");
    }
    long length = LittleEndian.getLong(header, 0);
    int storedLengthCrc = LittleEndian.getInt(header, 8);
    int lengthCrc = Crc32c.maskedChecksum(header, 0, 8);
    if (storedLengthCrc != lengthCrc) {
      throw corrupt(checksumMismatch("length", storedLengthCrc, lengthCrc));
    }
    if (length < 0 || length > MAX_RECORD_BYTES) {
      throw corrupt("record length " + Long.toUnsignedString(length) + " exceeds the limit");
    }
    byte[] data = new byte[(int) length];
    int dataRead = in.readNBytes(data, 0, data.length);
    if (dataRead < data.length) {
      throw corrupt("truncated record data (" + dataRead + " of " + length + " bytes present)");
    }
    int footerRead = in.readNBytes(footer, 0, footer.length);
    if (footerRead < footer.length) {
      throw corrupt("truncated record: data checksum missing");
    }
    int storedDataCrc = LittleEndian.getInt(footer, 0);
    int dataCrc = Crc32c.maskedChecksum(data, 0, data.length);
    if (storedDataCrc != dataCrc) {
      throw corrupt(checksumMismatch("data", storedDataCrc, dataCrc));
    }
    offset += header.length + length + footer.length;
    return Optional.of(data);
  }

  /** Byte offset of the next record: after the last record, the number of bytes consumed. */
  public long offset() {
    return offset;
  }

  public String source() {
    return source;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private CorruptRecordException corrupt(String problem) {
    return new CorruptRecordException(source, offset, problem);
  }

  private static String checksumMismatch(String what, int stored, int computed) {
    return String.format(
        "%s checksum mismatch (stored masked CRC32C 0x%08x, computed 0x%08x)",
        what, stored, computed);
  }
}
