package io.xmcgan.operator.observe;

import io.xmcgan.failure.ExitCode;

/**
 * How a stage container ended: its exit code, Kubernetes' reason (Error, OOMKilled, …) and the
 * termination message (the last lines the command wrote to /dev/termination-log, or its log tail).
 */
public record Termination(String pod, int exitCode, String reason, String message) {

  public ExitCode exitClass() {
    return ExitCode.of(exitCode);
  }

  /** One line for status and events: "pod p exited with code 2 (Error): message". */
  public String describe() {
    StringBuilder text = new StringBuilder("pod ").append(pod).append(" exited with code ");
    text.append(exitCode);
    if (reason != null && !reason.isBlank()) {
      text.append(" (").append(reason).append(')');
    }
    if (message != null && !message.isBlank()) {
      text.append(": ").append(message.strip());
    }
    return text.toString();
  }
}
