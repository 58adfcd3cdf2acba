package io.xmcgan.tensorboard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;

/** Names of TensorBoard event files, which TensorBoard discovers by the "tfevents" infix. */
public final class EventFileNames {

  private EventFileNames() {}

  /** {@code events.out.tfevents.<unix seconds>.<hostname>}, as TensorFlow names them. */
  public static String fileName(Instant createdAt, String hostname) {
    if (hostname.isBlank() || hostname.contains("/")) {
      throw new IllegalArgumentException(
          "hostname for an event file name must be non-blank without '/', got '" + hostname + "'");
    }
    return "events.out.tfevents." + createdAt.getEpochSecond() + "." + hostname;
  }

  /**
   * This machine's host name (the pod name in Kubernetes): {@code HOSTNAME} when set, else the
   * resolver's name for the local host, else "localhost".
   */
  public static String localHostname() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
