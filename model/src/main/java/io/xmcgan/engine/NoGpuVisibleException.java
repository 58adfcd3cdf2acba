package io.xmcgan.engine;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;

/**
 * A stage asked for GPUs and the container sees fewer. Permanent: the pod would hold GPUs it cannot
 * use, so the command exits with {@link ExitCode#NO_GPU_VISIBLE} instead of running on the CPU.
 */
public final class NoGpuVisibleException extends RuntimeException implements ClassifiedFailure {

  public NoGpuVisibleException(String message) {
    super(message);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.NO_GPU_VISIBLE;
  }
}
