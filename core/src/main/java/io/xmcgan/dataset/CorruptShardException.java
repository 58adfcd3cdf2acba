package io.xmcgan.dataset;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;
import java.io.IOException;

/** A shard's bytes differ from its manifest entry (size or SHA-256): it must be re-preprocessed. */
public final class CorruptShardException extends IOException implements ClassifiedFailure {

  public CorruptShardException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
