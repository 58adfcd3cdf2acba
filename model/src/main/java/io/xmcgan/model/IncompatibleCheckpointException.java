package io.xmcgan.model;

import java.io.IOException;

/** A checkpoint was written for another model configuration than the one it is loaded into. */
public final class IncompatibleCheckpointException extends IOException {

  public IncompatibleCheckpointException(String message) {
    super(message);
  }
}
