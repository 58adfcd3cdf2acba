package io.xmcgan.experiment.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * One problem with a manifest, located by the full path of the field.
 *
 * @param path dotted field path with list indices, e.g. {@code spec.scheduling.tolerations[0].key}
 * @param message what is expected, e.g. "must be >= 1"
 * @param got the offending value as {@link #show(Object)} writes it, or null when there is none (a
 *     missing field)
 */
public record Violation(Severity severity, String path, String message, String got) {

  /** Longest rendering of an offending value; a longer one is cut with "…". */
  public static final int MAX_SHOWN_LENGTH = 80;

  public enum Severity {
    /** The experiment cannot run. */
    ERROR,
    /** The experiment runs, but probably not as intended (e.g. results not comparable). */
    WARNING
  }

  public static Violation error(String path, String message, Object got) {
    return new Violation(Severity.ERROR, path, message, show(got));
  }

  public static Violation error(String path, String message) {
    return new Violation(Severity.ERROR, path, message, null);
  }

  public static Violation warning(String path, String message, Object got) {
    return new Violation(Severity.WARNING, path, message, show(got));
  }

  /**
   * The one way an offending value is written: as JSON (strings in double quotes with JSON escapes,
   * numbers and booleans bare, maps and lists compact), except YAML's {@code .nan}, {@code .inf}
   * and {@code -.inf}, which JSON cannot write; null when there is no value.
   */
  public static String show(Object value) {
    String shown;
    if (value == null) {
      return null;
    } else if (value instanceof Double d && !Double.isFinite(d)) {
      shown = d.isNaN() ? ".nan" : d > 0 ? ".inf" : "-.inf";
    } else if (value instanceof JsonNode node) {
      shown = node.isDouble() ? show(node.doubleValue()) : node.toString();
    } else if (value instanceof CharSequence text) {
      shown = new TextNode(text.toString()).toString();
    } else if (value instanceof Enum<?> constant) {
      shown = new TextNode(constant.toString()).toString();
    } else {
      shown = String.valueOf(value);
    }
    return shown.length() <= MAX_SHOWN_LENGTH
        ? shown
        : shown.substring(0, MAX_SHOWN_LENGTH - 1) + "…";
  }

  /** {@code path: message, got value}, the form printed by the CLI and written to status. */
  @Override
  public String toString() {
    return path + ": " + message + (got == null ? "" : ", got " + got);
  }
}
