package io.xmcgan.operator.observe;

import io.xmcgan.failure.ExitCode;

/**
 * How a stage container ended: its exit code, Kubernetes' reason (Error, OOMKilled, …), the
 * termination message (the last lines the command wrote to /dev/termination-log, or its log tail)
 * and whether the pod was stopped from outside.
 *
 * @param interrupted the pod had a DisruptionTarget condition (preemption, eviction, drain) or was
 *     deleted (SIGTERM, then SIGKILL after the grace period), and was not OOMKilled
 */
public record Termination(
    String pod, int exitCode, String reason, String message, boolean interrupted) {

  public FailureKind kind() {
    ExitCode code = ExitCode.of(exitCode);
    if (code == ExitCode.INVALID_INPUT) {
      return FailureKind.INVALID_INPUT;
    }
    if (code == ExitCode.NO_GPU_VISIBLE) {
      return FailureKind.NO_GPU_VISIBLE;
    }
    if (interrupted) {
      return FailureKind.INTERRUPTED;
    }
    return code == ExitCode.TEMPORARY ? FailureKind.TEMPORARY : FailureKind.CRASH;
  }

  /** One line for status and events: "pod p exited with code 2 (Error): message". */
  public String describe() {
    StringBuilder text = new StringBuilder("pod ").append(pod).append(" exited with code ");
    text.append(exitCode);
    if (reason != null && !reason.isBlank()) {
      text.append(" (").append(reason).append(')');
    }
    if (interrupted) {
      text.append(" after it was preempted, evicted or deleted");
    }
    if (message != null && !message.isBlank()) {
      text.append(": ").append(message.strip());
    }
    return text.toString();
  }
}
