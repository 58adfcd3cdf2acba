package io.xmcgan.failure;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns a failure into its exit code and a one-line message: used by every entry point. */
public final class Failures {

  private Failures() {}

  /**
   * The first classified exception in the cause chain decides; a missing or unreadable local file
   * and an {@link IllegalArgumentException} are invalid input; anything else is a crash.
   */
  public static ExitCode exitCode(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ClassifiedFailure classified) {
        return classified.exitCode();
      }
      if (t instanceof IllegalArgumentException
          || t instanceof NoSuchFileException
          || t instanceof AccessDeniedException) {
        return ExitCode.INVALID_INPUT;
      }
    }
    return ExitCode.CRASH;
  }

  /**
   * The failure's own message (its type when it has none), with the underlying file problem when
   * the message is only a wrapper's.
   */
  public static String message(Throwable failure) {
    String message = failure.getMessage();
    if (message == null || message.isBlank()) {
      return failure.getClass().getName();
    }
    if (failure instanceof UncheckedIOException && failure.getCause() != null) {
      Throwable cause = failure.getCause();
      String reason =
          cause instanceof NoSuchFileException
              ? "no such file"
              : cause instanceof AccessDeniedException ? "permission denied" : cause.toString();
      return message + ": " + reason;
    }
    return message;
  }
}
