package io.xmcgan.cli;

import io.xmcgan.evaluator.ExitCodes;
import io.xmcgan.preprocess.BadInputException;
import io.xmcgan.train.TrainingDataException;
import io.xmcgan.train.TrainingDivergedException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Maps failures to the exit codes of architecture.md section 4: 2 for input that will not work on a
 * retry, 75 for a temporary failure, 1 for anything else.
 */
final class Failures {

  static final int OK = ExitCodes.OK;
  static final int OTHER = ExitCodes.CRASH;
  static final int INVALID_INPUT = ExitCodes.INVALID_INPUT;
  static final int TEMPORARY = ExitCodes.STORAGE_UNAVAILABLE;

  private Failures() {}

  static int exitCode(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TrainingDataException
          || t instanceof BadInputException
          || t instanceof TrainingDivergedException
          || t instanceof NoSuchFileException
          || t instanceof AccessDeniedException) {
        return INVALID_INPUT;
      }
    }
    return ExitCodes.of(failure);
  }

  /**
   * The failure's own message (its type when it has none), with the underlying file problem when
   * the message is only a wrapper's.
   */
  static String message(Throwable failure) {
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
