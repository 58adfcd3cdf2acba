package io.xmcgan.serving;

/**
 * What the operator's serving Deployment relies on in {@code serve} (docs/serving.md): the port and
 * the probe paths.
 */
public final class ServingEndpoints {

  /** The port {@code serve} listens on by default and the Deployment's container port. */
  public static final int PORT = 8080;

  /** 200 while the process runs. */
  public static final String LIVE = "/health/live";

  /** 200 once the model is loaded, 503 before. */
  public static final String READY = "/health/ready";

  private ServingEndpoints() {}
}
