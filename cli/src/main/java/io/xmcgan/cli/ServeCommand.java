package io.xmcgan.cli;

import io.xmcgan.evaluation.CommonOptions;
import io.xmcgan.serve.ServeOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code serve}: the evaluator's {@code serve}, with its options, on a manifest's experiment
 * (docs/serving.md).
 */
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

  @Mixin ServeOptions options;

  @Override
  public Integer call() throws Exception {
    return io.xmcgan.serve.ServeCommand.serve(CommonOptions.of(manifest), options);
  }
}
