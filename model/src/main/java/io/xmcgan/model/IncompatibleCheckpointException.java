package io.xmcgan.model;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;
import java.io.IOException;

/** A checkpoint was written for another model configuration than the one it is loaded into. */
public final class IncompatibleCheckpointException extends IOException
    implements ClassifiedFailure {

  public IncompatibleCheckpointException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
