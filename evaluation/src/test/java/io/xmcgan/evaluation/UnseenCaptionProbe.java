package io.xmcgan.evaluation;

import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.shapes.CaptionFollowing;
import io.xmcgan.shapes.ShapeClassifier;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.files.EvaluationMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How well a shapes checkpoint follows captions in words the dataset never used ("a big crimson
 * disc"), next to the caption probe's own captions ("a large red circle"): the measurement behind
 * the choice of the quickstart's text encoder (docs/preprocessing.md). Same scoring, noise and
 * image count as {@link CaptionProbe}. Not a test; run with
 *
 * <pre>
 * ./mvnw -B -o -q -pl evaluation test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.xmcgan.evaluation.UnseenCaptionProbe -Dexec.args="MANIFEST STEP"
 * </pre>
 */
public final class UnseenCaptionProbe {

  /** Words the shapes captions never use, for each colour and shape the classifier knows. */
  static final Map<String, String> COLOR_WORDS =
      Map.of(
          "red", "crimson",
          "green", "emerald",
          "blue", "navy",
          "yellow", "golden",
          "purple", "violet",
          "orange", "tangerine");

  static final Map<String, String> SHAPE_WORDS =
      Map.of("circle", "disc", "square", "block", "triangle", "wedge", "diamond", "rhombus");

  private UnseenCaptionProbe() {}

  public static void main(String[] args) throws Exception {
    CommonOptions options = CommonOptions.of(Path.of(args[0]));
    ResolvedExperiment experiment = options.readExperiment();
    long step = Long.parseLong(args[1]);
    Map<String, List<CaptionFollowing.Caption>> sets = new LinkedHashMap<>();
    sets.put(
        "seen words (the probe's)",
        CaptionFollowing.probeCaptions().stream().filter(c -> c.background() == null).toList());
    sets.put("unseen colour word", captions((c, s) -> "a large " + COLOR_WORDS.get(c) + " " + s));
    sets.put("unseen shape word", captions((c, s) -> "a large " + c + " " + SHAPE_WORDS.get(s)));
    sets.put(
        "unseen colour, shape and size words",
        captions((c, s) -> "a big " + COLOR_WORDS.get(c) + " " + SHAPE_WORDS.get(s)));
    EvaluatorSettings settings =
        EvaluatorSettings.defaults(
            Files.createTempDirectory("unseen-probe"), options.storageSettings());
    try (ObjectStore store = options.openStore(experiment);
        CaptionProbe probe = CaptionProbe.open(experiment, settings).orElseThrow()) {
      var checkpoint = new CheckpointStore(store).open(step).orElseThrow();
      try (XmcGanNetworks networks =
          CheckpointNetworks.load(checkpoint, experiment.model(), settings.device())) {
        System.out.printf(
            "%s step %d, text encoder %s%n",
            experiment.name(),
            step,
            experiment.data().builtinTextEncoder().map(e -> e.id()).orElse("uri"));
        for (var set : sets.entrySet()) {
          List<CaptionFollowing.Caption> captions = set.getValue();
          EvaluationMetrics.CaptionScore score = probe.score(networks, captions);
          System.out.printf(
              Locale.ROOT,
              "  %-38s e.g. %-26s both %3.0f %%  colour %3.0f %%  shape %3.0f %%  (%d images)%n",
              set.getKey(),
              "'" + captions.get(0).text() + "'",
              100 * score.accuracy(),
              100 * score.colorAccuracy(),
              100 * score.shapeAccuracy(),
              score.images());
        }
      }
    }
  }

  private static List<CaptionFollowing.Caption> captions(
      java.util.function.BinaryOperator<String> text) {
    List<CaptionFollowing.Caption> captions = new ArrayList<>();
    for (String color : ShapeClassifier.COLORS) {
      for (String shape : ShapeClassifier.SHAPES) {
        captions.add(new CaptionFollowing.Caption(text.apply(color, shape), color, shape, null));
      }
    }
    return captions;
  }
}
