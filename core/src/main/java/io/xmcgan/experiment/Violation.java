package io.xmcgan.experiment;

/**
 * One problem with a manifest, located by the full path of the field.
 *
 * @param path dotted field path with list indices, e.g. {@code spec.scheduling.tolerations[0].key}
 * @param message what is expected, e.g. "must be >= 1"
 * @param got the offending value as written, or null when there is none (a missing field)
 */
public record Violation(Severity severity, String path, String message, String got) {

  public enum Severity {
    /** The experiment cannot run. */
    ERROR,
    /** The experiment runs, but probably not as intended (e.g. results not comparable). */
    WARNING
  }

  public static Violation error(String path, String message, Object got) {
    return new Violation(Severity.ERROR, path, message, got == null ? null : String.valueOf(got));
  }

  public static Violation error(String path, String message) {
    return new Violation(Severity.ERROR, path, message, null);
  }

  public static Violation warning(String path, String message, Object got) {
    return new Violation(Severity.WARNING, path, message, got == null ? null : String.valueOf(got));
  }

  /** {@code path: message, got value}, the form printed by the CLI and written to status. */
  @Override
  public String toString() {
    return path + ": " + message + (got == null ? "" : ", got " + got);
  }
}
