package io.xmcgan.dataset;

import java.io.IOException;

/** A shard's bytes differ from its manifest entry (size or SHA-256): it must be re-preprocessed. */
public final class CorruptShardException extends IOException {

  public CorruptShardException(String message) {
    super(message);
  }
}
