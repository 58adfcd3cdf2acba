package io.xmcgan.experiment.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Every violation the validator found, errors and warnings, in field order. */
public record ValidationReport(List<Violation> violations) {

  public ValidationReport {
    violations = List.copyOf(violations);
  }

  public List<Violation> errors() {
    return violations.stream().filter(v -> v.severity() == Violation.Severity.ERROR).toList();
  }

  public List<Violation> warnings() {
    return violations.stream().filter(v -> v.severity() == Violation.Severity.WARNING).toList();
  }

  /** Whether the experiment can run: no errors (warnings allowed). */
  public boolean isValid() {
    return errors().isEmpty();
  }

  /** One violation per line, errors first, warnings prefixed "warning: ". */
  public String describe() {
    return errors().stream().map(String::valueOf).collect(Collectors.joining("\n"))
        + (errors().isEmpty() || warnings().isEmpty() ? "" : "\n")
        + warnings().stream().map(w -> "warning: " + w).collect(Collectors.joining("\n"));
  }

  /**
   * Throws when there are errors.
   *
   * @param source what was validated (a file name), for the message; may be null
   */
  public void throwIfInvalid(String source) {
    if (!isValid()) {
      throw new InvalidExperimentException(source, errors());
    }
  }
}
