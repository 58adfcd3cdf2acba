package io.xmcgan.cli;

import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.files.EvaluationMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** The table {@code run} prints at the end, read back from the experiment's storage. */
final class RunSummary {

  private final ResolvedExperiment experiment;
  private final ObjectStore store;
  private final String manifest;

  RunSummary(ResolvedExperiment experiment, ObjectStore store, String manifest) {
    this.experiment = experiment;
    this.store = store;
    this.manifest = manifest;
  }

  String render() throws IOException {
    List<EvaluationMetrics> metrics = metrics();
    OptionalLong latestCheckpoint = new CheckpointStore(store).latestStep();
    SummaryTable table =
        new SummaryTable(
            experiment.name()
                + ": "
                + (latestCheckpoint.isPresent() ? latestCheckpoint.getAsLong() : 0)
                + " of "
                + experiment.training().steps()
                + " steps");
    if (metrics.isEmpty()) {
      table.row("evaluation", "no checkpoint evaluated yet");
    } else {
      EvaluationMetrics bestFid =
          metrics.stream().min(Comparator.comparingDouble(EvaluationMetrics::fid)).orElseThrow();
      EvaluationMetrics bestIs =
          metrics.stream()
              .max(Comparator.comparingDouble(EvaluationMetrics::inceptionScore))
              .orElseThrow();
      EvaluationMetrics last = metrics.get(metrics.size() - 1);
      table.row("best FID", "%.2f at step %d", bestFid.fid(), bestFid.step());
      table.row("best IS", "%.2f at step %d", bestIs.inceptionScore(), bestIs.step());
      table.row(
          "final (step " + last.step() + ")",
          "FID %.2f, IS %.2f (%d images, extractor %s)",
          last.fid(),
          last.inceptionScore(),
          last.numImages(),
          last.extractor().id());
      Optional<EvaluationMetrics.CaptionFollowing> probe =
          Optional.ofNullable(last.captionFollowing());
      probe.ifPresent(
          p ->
              table.row(
                  "caption following",
                  "%s of %d images; real images %.0f%%",
                  captionScores(p.generated()),
                  p.generated().images(),
                  100 * p.realImages().accuracy()));
      probe
          .filter(p -> p.heldOut() != null && p.heldOut().images() > 0)
          .ifPresent(
              p ->
                  table.row(
                      "unseen combinations",
                      "%s of %d images",
                      captionScores(p.heldOut()),
                      p.heldOut().images()));
      probe.ifPresent(
          p ->
              table.row(
                  "sample diversity",
                  "%.3f between images of one caption; real images %.3f",
                  p.generated().diversity(),
                  p.realImages().diversity()));
      table.row(
          "evaluated steps",
          metrics.stream().map(m -> String.valueOf(m.step())).collect(Collectors.joining(", ")));
      List<Long> gridSteps = new ArrayList<>();
      gridSteps.add(last.step());
      if (bestFid.step() != last.step()) {
        gridSteps.add(0, bestFid.step());
      }
      for (long step : gridSteps) {
        String label = step == last.step() ? "final samples" : "best-FID samples";
        table.row(label, Locations.display(store.root(), StorageLayout.sample(step)));
      }
      table.row("metrics", Locations.display(store.root(), StorageLayout.METRICS_DIR));
    }
    if (latestCheckpoint.isPresent()) {
      table.row(
          "checkpoint",
          Locations.display(
              store.root(), StorageLayout.checkpointDir(latestCheckpoint.getAsLong())));
    }
    List<String> tensorBoard =
        TensorBoardHint.lines(
            store.root().resolve(StorageLayout.TENSORBOARD_DIR), experiment.storage().endpoint());
    table.row("TensorBoard", tensorBoard.get(0));
    tensorBoard.stream().skip(1).forEach(line -> table.row("", line));
    return table.render()
        + "Generate images for new captions:\n  "
        + GenerateCommand.exampleCommand(manifest)
        + "\nOr type captions into a page (http://127.0.0.1:8080/):\n  ./xmcgan serve "
        + manifest
        + "\n";
  }

  /**
   * "62% (colour 95%, shape 70%, background 81%; weakest shape circle 40%)": the caption-following
   * scores of one line, here and in {@code run}'s progress.
   */
  static String captionScores(EvaluationMetrics.CaptionScore score) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%.0f%% (colour %.0f%%, shape %.0f%%",
                100 * score.accuracy(),
                100 * score.colorAccuracy(),
                100 * score.shapeAccuracy()));
    if (score.backgroundAccuracy() != null) {
      line.append(
          String.format(Locale.ROOT, ", background %.0f%%", 100 * score.backgroundAccuracy()));
    }
    score
        .weakestShape()
        .ifPresent(
            weakest ->
                line.append(
                    String.format(
                        Locale.ROOT,
                        "; weakest shape %s %.0f%%",
                        weakest.getKey(),
                        100 * weakest.getValue())));
    return line.append(')').toString();
  }

  private List<EvaluationMetrics> metrics() throws IOException {
    return EvaluationMetrics.list(store);
  }
}
