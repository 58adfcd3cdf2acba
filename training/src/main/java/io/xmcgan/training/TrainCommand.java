package io.xmcgan.training;

import io.xmcgan.experiment.manifest.ExperimentFiles;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.failure.Failures;
import io.xmcgan.stage.Stage;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train --experiment <file>}: the training pod's command. Resumes from the newest
 * checkpoint, trains to the last step and exits 0; on SIGTERM it checkpoints and exits 75; invalid
 * input, unusable data and divergence exit 2; GPUs asked for but not visible exit 78; storage that
 * stays unreachable exits 75 ({@link ExitCode}).
 */
@Command(
    name = Stage.Commands.TRAIN,
    mixinStandardHelpOptions = true,
    description = "Train the experiment's networks, resuming from its newest checkpoint.")
public final class TrainCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

  @Option(
      names = "--experiment",
      required = true,
      description = "The resolved experiment JSON (as the operator mounts it) or a manifest.")
  Path experimentFile;

  @Override
  public Integer call() {
    CancellationToken cancellation = new CancellationToken();
    ShutdownCheckpoint shutdown = ShutdownCheckpoint.install(cancellation);
    return shutdown.finish(run(cancellation));
  }

  private int run(CancellationToken cancellation) {
    try {
      ResolvedExperiment experiment = ExperimentFiles.read(experimentFile);
      StorageSettings settings = storageSettings(experiment, System.getenv());
      Path workDir = Files.createTempDirectory("xmcgan-train-");
      try (ObjectStore store = ObjectStores.open(experiment.storage().experimentUri(), settings)) {
        TrainingOptions options =
            TrainingOptions.defaults(workDir)
                .withCancellation(cancellation)
                .withStorageSettings(settings);
        TrainingResult result = Trainer.train(experiment, store, options);
        return result.outcome() == TrainingResult.Outcome.COMPLETED
            ? ExitCode.OK.code()
            : ExitCode.TEMPORARY.code();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.error("interrupted");
      return ExitCode.TEMPORARY.code();
    } catch (Exception e) {
      ExitCode code = Failures.exitCode(e);
      if (code == ExitCode.CRASH) {
        LOG.error("training failed: {}", Failures.message(e), e);
      } else {
        LOG.error("{}", Failures.message(e));
      }
      return code.code();
    }
  }

  /**
   * The pod environment's settings, with the experiment's endpoint when the environment has none.
   */
  static StorageSettings storageSettings(ResolvedExperiment experiment, Map<String, String> env) {
    StorageSettings settings = StorageSettings.fromEnvironment(env);
    ResolvedExperiment.Storage storage = experiment.storage();
    if (settings.endpoint() == null && storage.endpoint() != null) {
      settings = settings.withEndpoint(storage.endpoint(), storage.region(), storage.pathStyle());
    }
    return settings;
  }

  /**
   * Turns SIGTERM into a checkpoint: the JVM's shutdown hook cancels the run, waits until the loop
   * has written its checkpoint and returned, and then ends the process with the loop's exit code (a
   * process killed by a signal would otherwise exit 143). Kubernetes sends SIGKILL when the grace
   * period runs out, so the hook needs no timeout of its own.
   */
  static final class ShutdownCheckpoint {
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int exitCode = ExitCode.TEMPORARY.code();
    private volatile boolean shuttingDown;

    static ShutdownCheckpoint install(CancellationToken cancellation) {
      ShutdownCheckpoint hook = new ShutdownCheckpoint();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    hook.shuttingDown = true;
                    cancellation.cancel(
                        "the process received SIGTERM (pod eviction or preemption)");
                    try {
                      hook.finished.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    Runtime.getRuntime().halt(hook.exitCode);
                  },
                  "xmcgan-sigterm"));
      return hook;
    }

    /** Records the exit code; during a shutdown the hook exits with it and this never returns. */
    int finish(int code) {
      exitCode = code;
      finished.countDown();
      while (shuttingDown) {
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return code;
    }
  }
}
