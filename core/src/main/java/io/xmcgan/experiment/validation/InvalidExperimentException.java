package io.xmcgan.experiment.validation;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;
import java.util.List;
import java.util.stream.Collectors;

/** A manifest that cannot be read or run; the message lists every violation, one per line. */
public class InvalidExperimentException extends RuntimeException implements ClassifiedFailure {

  private final List<Violation> violations;

  public InvalidExperimentException(String source, List<Violation> violations) {
    super(
        "invalid experiment"
            + (source == null ? "" : " " + source)
            + ":\n"
            + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
