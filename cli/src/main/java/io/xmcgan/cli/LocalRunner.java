package io.xmcgan.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.xmcgan.evaluation.CheckpointEvaluator;
import io.xmcgan.evaluation.EvaluatorSettings;
import io.xmcgan.experiment.resolve.LossName;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.failure.Failures;
import io.xmcgan.preprocessing.BadInputException;
import io.xmcgan.stage.Stage;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageSettings;
import io.xmcgan.storage.files.EvaluationMetrics;
import io.xmcgan.storage.files.ProgressReport;
import io.xmcgan.training.CancellationToken;
import io.xmcgan.training.Trainer;
import io.xmcgan.training.TrainingListener;
import io.xmcgan.training.TrainingOptions;
import io.xmcgan.training.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * {@code xmcgan run}: one experiment on this machine through the pods' stage code: preprocessing of
 * every shard (skipped when the data is complete), training with each selected checkpoint evaluated
 * as it appears (between training steps, like the evaluator pod beside the trainer), the evaluation
 * of whatever is left, and a summary. A cancellation (Ctrl-C) stops at a checkpoint; running again
 * resumes from it, and stages already done are skipped.
 */
final class LocalRunner {

  /**
   * @param manifest the manifest as the user typed it, for the commands the summary shows
   * @param terminal draw progress bars in place; false prints plain lines
   * @param plainIntervalSeconds seconds between plain progress lines
   * @param workDir scratch space (TensorBoard files before upload, downloaded modules)
   */
  record Settings(
      String manifest,
      PrintStream out,
      PrintStream err,
      boolean terminal,
      long plainIntervalSeconds,
      Path workDir) {}

  /** How a run ended. */
  enum Outcome {
    COMPLETED,
    CANCELLED
  }

  private final ResolvedExperiment experiment;
  private final Settings settings;
  private final CancellationToken cancellation;

  LocalRunner(ResolvedExperiment experiment, Settings settings, CancellationToken cancellation) {
    this.experiment = experiment;
    this.settings = settings;
    this.cancellation = cancellation;
  }

  Outcome run() throws IOException, InterruptedException, BadInputException {
    PrintStream err = settings.err();
    StorageSettings storage = Experiments.storageSettings(experiment);
    try (ObjectStore store = Experiments.openStore(experiment)) {
      err.printf(
          Locale.ROOT,
          "xmcgan run %s: %s preset, %d px, %d steps; storage %s%n",
          experiment.name(),
          experiment.model().preset(),
          experiment.model().imageSize(),
          experiment.training().steps(),
          Locations.display(store.root()));
      if (!new DataStage(experiment, store, storage, settings, cancellation).run()) {
        return cancelled(OptionalLong.empty());
      }
      Device device = Engine.getEngine("PyTorch").defaultDevice();
      EvaluatorSettings evaluatorSettings =
          EvaluatorSettings.defaults(settings.workDir().resolve("evaluator"), storage);
      try (CheckpointEvaluator evaluator =
          new CheckpointEvaluator(experiment, store, evaluatorSettings)) {
        Evaluations evaluations = new Evaluations(evaluator);
        TrainingResult result = train(store, storage, evaluations);
        if (result.outcome() == TrainingResult.Outcome.CANCELLED) {
          return cancelled(result.lastCheckpoint());
        }
        evaluations.finish(
            new ProgressBar(
                err, settings.terminal(), settings.plainIntervalSeconds(), Stage.EVALUATE.label()),
            cancellation);
        if (cancellation.isCancelled()) {
          return cancelled(result.lastCheckpoint());
        }
      }
      settings.out().print(new RunSummary(experiment, store, settings.manifest()).render());
      return Outcome.COMPLETED;
    }
  }

  private TrainingResult train(ObjectStore store, StorageSettings storage, Evaluations evaluations)
      throws IOException, InterruptedException {
    ProgressBar bar =
        new ProgressBar(
            settings.err(),
            settings.terminal(),
            settings.plainIntervalSeconds(),
            Stage.TRAIN.label());
    TrainingListener listener =
        new TrainingListener() {
          private ProgressReport last;

          @Override
          public void onStart(
              long startStep, long totalSteps, OptionalLong resumedFrom, List<Device> devices) {
            bar.message(
                resumedFrom.isPresent()
                    ? "train: resuming from the checkpoint of step " + resumedFrom.getAsLong()
                    : "train: starting at step 0 on " + devices);
          }

          @Override
          public void onProgress(ProgressReport report) {
            last = report;
            if (report.step() >= report.totalSteps()) {
              bar.finish(state(report));
            } else {
              bar.update(state(report));
            }
          }

          @Override
          public void onCheckpoint(long step, String location) {
            bar.message("checkpoint step " + step + ": " + Locations.display(location));
            evaluations.afterCheckpoint(step, bar);
            if (last != null) {
              bar.update(state(last));
            }
          }
        };
    TrainingOptions options =
        TrainingOptions.defaults(settings.workDir().resolve("trainer"))
            .withListener(listener)
            .withCancellation(cancellation)
            .withStorageSettings(storage);
    return Trainer.train(experiment, store, options);
  }

  private static ProgressBar.State state(ProgressReport report) {
    StringBuilder losses = new StringBuilder();
    Double g = report.losses().get(LossName.G_LOSS.key());
    Double d = report.losses().get(LossName.D_LOSS.key());
    if (g != null) {
      losses.append(String.format(Locale.ROOT, "g %.3f", g));
    }
    if (d != null) {
      losses.append(losses.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "d %.3f", d));
    }
    return new ProgressBar.State(
        report.step(),
        report.totalSteps(),
        losses.toString(),
        report.imagesPerSecond(),
        "img/s",
        report.etaSeconds());
  }

  private Outcome cancelled(OptionalLong checkpoint) {
    settings
        .err()
        .println(
            "stopped"
                + (checkpoint.isPresent()
                    ? " with the checkpoint of step " + checkpoint.getAsLong()
                    : "")
                + "; run the same command again to resume: ./xmcgan run "
                + settings.manifest());
    return Outcome.CANCELLED;
  }

  /** Evaluation of checkpoints during and after training. */
  private final class Evaluations {
    private final CheckpointEvaluator evaluator;

    Evaluations(CheckpointEvaluator evaluator) {
      this.evaluator = evaluator;
    }

    /**
     * Evaluates a new checkpoint when {@code evaluation.every} selects it. A failure here does not
     * stop training: it is reported, and the final evaluation tries again.
     */
    void afterCheckpoint(long step, ProgressBar bar) {
      if (!experiment.evaluation().continuous() || !evaluator.isSelected(step)) {
        return;
      }
      try {
        bar.message(evaluate(step));
      } catch (IOException | RuntimeException e) {
        bar.message("warning: evaluation of step " + step + " failed: " + Failures.message(e));
      }
    }

    /** Evaluates every selected checkpoint that has no metrics yet. */
    void finish(ProgressBar bar, CancellationToken cancellation) throws IOException {
      List<Long> work = evaluator.pendingSteps();
      if (work.isEmpty()) {
        return;
      }
      long started = System.nanoTime();
      for (int i = 0; i < work.size() && !cancellation.isCancelled(); i++) {
        bar.update(progress(i, work.size(), started));
        bar.message(evaluate(work.get(i)));
      }
      bar.finish(progress(work.size(), work.size(), started));
    }

    private ProgressBar.State progress(int done, int total, long startedNanos) {
      double seconds = (System.nanoTime() - startedNanos) / 1e9;
      Long eta = done == 0 ? null : Math.round(seconds / done * (total - done));
      return new ProgressBar.State(done, total, "checkpoints", 0, "", eta);
    }

    private String evaluate(long step) throws IOException {
      EvaluationMetrics metrics = evaluator.evaluate(step);
      String line =
          String.format(
              Locale.ROOT,
              "evaluated step %d: FID %.2f, IS %.2f (%d images, %.1f s)",
              step,
              metrics.fid(),
              metrics.inceptionScore(),
              metrics.numImages() * metrics.repeats(),
              metrics.timings().totalSeconds());
      EvaluationMetrics.CaptionFollowing captions = metrics.captionFollowing();
      return captions == null
          ? line
          : line
              + String.format(
                  Locale.ROOT,
                  "; caption following %s, diversity %.3f (real %.3f)",
                  RunSummary.captionScores(captions.generated()),
                  captions.generated().diversity(),
                  captions.realImages().diversity());
    }
  }
}
