package io.xmcgan.evaluation;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.storage.StorageLayout;

/** Evaluation needs the preprocessed validation split, which is not there (yet). */
public class ValidationDataMissingException extends IllegalStateException
    implements ClassifiedFailure {

  public ValidationDataMissingException(String root) {
    super(
        root
            + StorageLayout.dataManifest(ValidationData.SPLIT)
            + " does not exist: the validation split has not been preprocessed;"
            + " run preprocessing first");
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
