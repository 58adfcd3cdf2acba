package io.xmcgan.evaluation;

import ai.djl.Device;
import io.xmcgan.engine.Devices;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.stage.Stage;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.files.EvaluationMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evaluate --experiment FILE [--checkpoint N | --all | --watch]}: scores checkpoints and
 * writes metrics, sample grids and TensorBoard scalars. Without a selection it evaluates the newest
 * complete checkpoint.
 */
@Command(
    name = Stage.Commands.EVALUATE,
    mixinStandardHelpOptions = true,
    description =
        "Computes FID and Inception Score of checkpoints (metrics/, samples/, tensorboard/eval/).")
public final class EvaluateCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @ArgGroup(exclusive = true)
  Selection selection = new Selection();

  static final class Selection {
    @Option(
        names = "--checkpoint",
        paramLabel = "STEP",
        description = "Evaluate this step (again).")
    Long checkpoint;

    @Option(names = "--all", description = "Evaluate every complete checkpoint without metrics.")
    boolean all;

    @Option(
        names = "--watch",
        description =
            "Evaluate each new checkpoint once; exit 0 when training has finished and all are done.")
    boolean watch;
  }

  @Option(
      names = "--poll-seconds",
      defaultValue = "30",
      description =
          "With --watch: seconds between checks for new checkpoints (default: ${DEFAULT-VALUE}).")
  long pollSeconds;

  @Override
  public Integer call() throws Exception {
    ResolvedExperiment experiment = common.readExperiment();
    Device device =
        Devices.select(experiment.evaluation().gpusPerPod(), "spec.evaluation.gpusPerPod").get(0);
    try (ObjectStore store = common.openStore(experiment);
        CheckpointEvaluator evaluator =
            new CheckpointEvaluator(experiment, store, common.settings().withDevice(device))) {
      if (selection.watch) {
        EvaluationWatcher.Outcome outcome =
            new EvaluationWatcher(evaluator, Duration.ofSeconds(pollSeconds)).run();
        System.out.println("evaluated " + outcome.evaluated() + ", skipped " + outcome.skipped());
        return ExitCode.OK.code();
      }
      for (long step : steps(evaluator)) {
        print(evaluator.evaluate(step));
      }
      return ExitCode.OK.code();
    }
  }

  private List<Long> steps(CheckpointEvaluator evaluator) throws java.io.IOException {
    if (selection.checkpoint != null) {
      return List.of(selection.checkpoint);
    }
    List<Long> complete = evaluator.completeSteps();
    if (selection.all) {
      List<Long> pending = new java.util.ArrayList<>();
      for (long step : complete) {
        if (!evaluator.isEvaluated(step)) {
          pending.add(step);
        }
      }
      return pending;
    }
    if (complete.isEmpty()) {
      throw new IllegalArgumentException(
          "experiment " + evaluator.experiment().name() + " has no complete checkpoint yet");
    }
    return List.of(complete.get(complete.size() - 1));
  }

  private static void print(EvaluationMetrics metrics) {
    System.out.printf(
        "step %d: FID %.4f (std %.4f), IS %.4f (std %.4f), %d images x %d, %.1f s%n",
        metrics.step(),
        metrics.fid(),
        metrics.fidStd(),
        metrics.inceptionScore(),
        metrics.inceptionScoreStd(),
        metrics.numImages(),
        metrics.repeats(),
        metrics.timings().totalSeconds());
  }
}
