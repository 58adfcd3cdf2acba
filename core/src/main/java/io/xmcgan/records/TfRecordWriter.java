package io.xmcgan.records;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes records in TensorFlow's TFRecord framing to a stream.
 *
 * <p>Each record is: uint64 LE data length, uint32 LE masked CRC32C of those 8 length bytes, the
 * data, uint32 LE masked CRC32C of the data. The output is byte-identical to {@code
 * tf.io.TFRecordWriter} without compression.
 */
public final class TfRecordWriter implements Closeable, Flushable {

  private static final int BUFFER_BYTES = 1 << 16;

  private final OutputStream out;
  private final byte[] header = new byte[12];
  private final byte[] footer = new byte[4];
  private long bytesWritten;
  private long recordsWritten;

  /** Writes to {@code out}; closing this writer closes {@code out}. */
  public TfRecordWriter(OutputStream out) {
    this.out = new BufferedOutputStream(out, BUFFER_BYTES);
  }

  /** Appends one record holding all of {@code data}. */
  public void write(byte[] data) throws IOException {
    write(data, 0, data.length);
  }

  /** Appends one record holding {@code length} bytes of {@code data} from {@code offset}. */
  public void write(byte[] data, int offset, int length) throws IOException {
    LittleEndian.putLong(header, 0, length);
    LittleEndian.putInt(header, 8, Crc32c.maskedChecksum(header, 0, 8));
    LittleEndian.putInt(footer, 0, Crc32c.maskedChecksum(data, offset, length));
    out.write(header);
    out.write(data, offset, length);
    out.write(footer);
    bytesWritten += header.length + (long) length + footer.length;
    recordsWritten++;
  }

  /** Total bytes written so far, framing included: the file size once flushed. */
  public long bytesWritten() {
    return bytesWritten;
  }

  public long recordsWritten() {
    return recordsWritten;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
