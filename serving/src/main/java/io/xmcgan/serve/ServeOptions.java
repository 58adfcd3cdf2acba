package io.xmcgan.serve;

import io.xmcgan.serving.CheckpointPolicy;
import io.xmcgan.serving.ServingEndpoints;
import picocli.CommandLine.Option;

/** The options of {@code serve}, shared by the evaluator's command and the CLI's. */
public final class ServeOptions {

  @Option(
      names = "--checkpoint",
      defaultValue = CheckpointPolicy.BEST_FID,
      paramLabel = "POLICY",
      description = "best-fid, latest or a step (default: ${DEFAULT-VALUE}).")
  String checkpoint;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "" + ServingEndpoints.PORT,
      description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--queue-size",
      paramLabel = "N",
      defaultValue = "" + ServeLimits.DEFAULT_QUEUE_CAPACITY,
      description =
          "Requests that may wait for the generator before 503 (default: ${DEFAULT-VALUE}).")
  int queueSize;

  @Option(
      names = "--max-batch-images",
      paramLabel = "N",
      defaultValue = "" + ServeLimits.DEFAULT_MAX_BATCH_IMAGES,
      description =
          "Images of waiting requests generated in one forward pass (default: ${DEFAULT-VALUE}).")
  int maxBatchImages;

  CheckpointPolicy policy() {
    return CheckpointPolicy.parse(checkpoint);
  }

  ServeLimits limits() {
    return ServeLimits.DEFAULTS.withQueue(queueSize, maxBatchImages);
  }
}
