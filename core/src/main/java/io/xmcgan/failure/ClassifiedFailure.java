package io.xmcgan.failure;

/**
 * An exception that knows how its command should exit. The project's own exceptions implement it,
 * so that {@link Failures#exitCode(Throwable)} needs no list of types.
 */
public interface ClassifiedFailure {

  ExitCode exitCode();
}
