package io.xmcgan.records;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;

/** Bytes that are not a valid encoding of the protocol-buffer message being decoded. */
public final class MalformedProtoException extends RuntimeException implements ClassifiedFailure {

  public MalformedProtoException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
