package io.xmcgan.evaluator;

import io.xmcgan.checkpoint.CheckpointCorruptedException;
import io.xmcgan.dataset.CorruptShardException;
import io.xmcgan.experiment.InvalidExperimentException;
import io.xmcgan.model.IncompatibleCheckpointException;
import io.xmcgan.records.CorruptRecordException;
import io.xmcgan.records.MalformedProtoException;
import io.xmcgan.storage.BucketNotFoundException;
import io.xmcgan.storage.StorageAccessDeniedException;
import io.xmcgan.storage.StorageUnavailableException;

/**
 * Exit codes of every evaluator command (architecture.md section 4): the operator retries 75 and
 * other non-zero codes, and gives up on 2.
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int CRASH = 1;
  public static final int INVALID_INPUT = 2;
  public static final int STORAGE_UNAVAILABLE = 75;

  private ExitCodes() {}

  /** The code for a failure: the first recognised exception in the cause chain decides. */
  public static int of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StorageUnavailableException) {
        return STORAGE_UNAVAILABLE;
      }
      if (t instanceof InvalidExperimentException
          || t instanceof IncompatibleCheckpointException
          || t instanceof CheckpointCorruptedException
          || t instanceof CorruptShardException
          || t instanceof CorruptRecordException
          || t instanceof MalformedProtoException
          || t instanceof BucketNotFoundException
          || t instanceof StorageAccessDeniedException
          || t instanceof IllegalArgumentException
          || t instanceof io.xmcgan.eval.ValidationDataMissingException) {
        return INVALID_INPUT;
      }
    }
    return CRASH;
  }
}
