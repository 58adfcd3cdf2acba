package io.xmcgan.records;

/** Bytes that are not a valid encoding of the protocol-buffer message being decoded. */
public final class MalformedProtoException extends RuntimeException {

  public MalformedProtoException(String message) {
    super(message);
  }
}
