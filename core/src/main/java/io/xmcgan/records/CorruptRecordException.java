package io.xmcgan.records;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;
import java.io.IOException;

/** A TFRecord that is truncated or fails its checksum, located by source name and byte offset. */
public final class CorruptRecordException extends IOException implements ClassifiedFailure {

  private final String source;
  private final long offset;

  public CorruptRecordException(String source, long offset, String problem) {
    super(
        "Corrupt TFRecord in "
            + source
            + " at byte offset "
            + offset
            + ": "
            + problem
            + ". The file is damaged or was not written completely; regenerate it (for a data"
            + " shard, re-run preprocess for that shard).");
    this.source = source;
    this.offset = offset;
  }

  /** The name of the file or object the record was read from. */
  public String source() {
    return source;
  }

  /** Byte offset of the start of the bad record within the source. */
  public long offset() {
    return offset;
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
