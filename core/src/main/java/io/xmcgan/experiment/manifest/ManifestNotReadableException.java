package io.xmcgan.experiment.manifest;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A manifest file that does not exist or cannot be read: no manifest to judge (exit 66). */
public class ManifestNotReadableException extends UncheckedIOException
    implements ClassifiedFailure {

  public ManifestNotReadableException(Path file, IOException cause) {
    super("cannot read experiment manifest " + file, cause);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.NO_INPUT;
  }
}
