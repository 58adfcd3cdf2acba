package io.xmcgan.evaluator;

import io.xmcgan.eval.EvaluatorSettings;
import io.xmcgan.experiment.ResolvedExperiment;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.serve.ServeLimits;
import io.xmcgan.serve.ServeServer;
import io.xmcgan.serve.ServedModel;
import io.xmcgan.serving.CheckpointPolicy;
import io.xmcgan.serving.ServingEndpoints;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.text.TextEncoderFiles;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code serve}: an HTTP server on a checkpoint's EMA generator (docs/serving.md) until the process
 * is stopped. It prints one line with the URL once the model is loaded.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serves a checkpoint's EMA generator: a page at /, POST /v1/generate, GET /v1/model,"
            + " /health/live, /health/ready and /metrics.")
final class ServeCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

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

  @Override
  public Integer call() throws Exception {
    CheckpointPolicy policy = CheckpointPolicy.parse(checkpoint);
    ServeLimits limits = ServeLimits.DEFAULTS.withQueue(queueSize, maxBatchImages);
    ResolvedExperiment experiment = common.readExperiment();
    EvaluatorSettings settings = common.settings();
    CountDownLatch stopped = new CountDownLatch(1);
    try (ObjectStore store = common.openStore(experiment);
        ServeServer server = ServeServer.start(host, port, limits, store, experiment.name())) {
      TextEncoderFiles encoderFiles =
          TextEncoderFiles.resolve(
              experiment.data(),
              common.storageSettings(),
              settings.workDir().resolve("text-encoder"));
      try (ServedModel model =
          ServedModel.load(experiment, store, settings, encoderFiles, policy)) {
        server.ready(model);
        Runtime.getRuntime()
            .addShutdownHook(new Thread(stopped::countDown, "xmcgan-serve-shutdown"));
        System.out.printf(
            "serving %s step %d (%s) at http://%s:%d/%n",
            experiment.name(), model.info().step(), policy.text(), host, server.port());
        System.out.flush();
        stopped.await();
      }
    }
    return ExitCode.OK.code();
  }
}
