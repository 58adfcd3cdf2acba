package io.xmcgan.cli;

import io.xmcgan.evaluator.EvaluatorMain;
import io.xmcgan.serve.ServeLimits;
import io.xmcgan.serving.CheckpointPolicy;
import io.xmcgan.serving.ServingEndpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code serve}: the evaluator's {@code serve} on a manifest's experiment (docs/serving.md). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serves a trained experiment's EMA generator over HTTP: a page to type captions into, a"
            + " JSON API, health, readiness and Prometheus metrics.",
    footer = {
      "",
      "Examples:",
      "  xmcgan serve manifests/samples/shapes-quickstart.yaml",
      "  xmcgan serve manifests/samples/shapes-quickstart.yaml --checkpoint latest --port 9000",
      "",
      "Then open http://127.0.0.1:8080/ or:",
      "  curl -s localhost:8080/v1/generate -d '{\"captions\": [\"a large red circle\"]}'"
    })
final class ServeCommand implements Callable<Integer> {

  @Parameters(paramLabel = "MANIFEST", description = "The experiment's manifest (as given to run).")
  Path manifest;

  @Option(
      names = "--checkpoint",
      defaultValue = CheckpointPolicy.BEST_FID,
      paramLabel = "POLICY",
      description = "best-fid, latest or a step (default: ${DEFAULT-VALUE}).")
  String checkpoint;

  @Option(
      names = "--port",
      defaultValue = "" + ServingEndpoints.PORT,
      description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--queue-size",
      paramLabel = "N",
      defaultValue = "" + ServeLimits.DEFAULT_QUEUE_CAPACITY,
      description =
          "Requests that may wait for the generator before 503 (default: ${DEFAULT-VALUE}).")
  int queueSize;

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("serve", "--experiment", manifest.toString()));
    args.addAll(List.of("--checkpoint", checkpoint, "--port", String.valueOf(port)));
    args.addAll(List.of("--host", host, "--queue-size", String.valueOf(queueSize)));
    return EvaluatorMain.run(args.toArray(String[]::new));
  }
}
