package io.xmcgan.serve;

import io.xmcgan.evaluation.CommonOptions;
import io.xmcgan.evaluation.EvaluatorSettings;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.serving.CheckpointPolicy;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.text.TextEncoderFiles;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
public final class ServeCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Mixin ServeOptions options;

  @Override
  public Integer call() throws Exception {
    return serve(common, options);
  }

  /** Serves until the process is stopped; the CLI's {@code serve} calls it too. */
  public static int serve(CommonOptions common, ServeOptions options) throws Exception {
    CheckpointPolicy policy = options.policy();
    ServeLimits limits = options.limits();
    String host = options.host;
    int port = options.port;
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
