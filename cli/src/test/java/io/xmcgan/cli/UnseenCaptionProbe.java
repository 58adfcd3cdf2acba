package io.xmcgan.cli;

import ai.djl.Device;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.eval.CheckpointNetworks;
import io.xmcgan.eval.ImageGenerator;
import io.xmcgan.eval.TextToImage;
import io.xmcgan.experiment.ResolvedExperiment;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.text.CaptionEncoder;
import io.xmcgan.text.TextEncoderFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * ./mvnw -B -o -q -pl cli test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.xmcgan.cli.UnseenCaptionProbe -Dexec.args="MANIFEST STEP"
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
    ResolvedExperiment experiment = Experiments.resolve(Path.of(args[0]));
    long step = Long.parseLong(args[1]);
    Map<String, List<CaptionFollowing.Caption>> sets = new java.util.LinkedHashMap<>();
    sets.put("seen words (the probe's)", CaptionFollowing.probeCaptions());
    sets.put("unseen colour word", captions((c, s) -> "a large " + COLOR_WORDS.get(c) + " " + s));
    sets.put("unseen shape word", captions((c, s) -> "a large " + c + " " + SHAPE_WORDS.get(s)));
    sets.put(
        "unseen colour, shape and size words",
        captions((c, s) -> "a big " + COLOR_WORDS.get(c) + " " + SHAPE_WORDS.get(s)));
    Path work = Files.createTempDirectory("unseen-probe");
    try (ObjectStore store = Experiments.openStore(experiment)) {
      var checkpoint = new CheckpointStore(store).open(step).orElseThrow();
      try (XmcGanNetworks networks =
              CheckpointNetworks.load(checkpoint, experiment.model(), Device.cpu());
          CaptionEncoder encoder =
              CaptionEncoder.open(
                  TextEncoderFiles.resolve(
                      experiment.data(), Experiments.storageSettings(experiment), work),
                  experiment.model().maxTokens(),
                  24,
                  Device.cpu())) {
        System.out.printf(
            "%s step %d, text encoder %s%n",
            experiment.name(),
            step,
            experiment.data().builtinTextEncoder().map(e -> e.id()).orElse("uri"));
        for (var set : sets.entrySet()) {
          List<CaptionFollowing.Caption> captions = set.getValue();
          List<CaptionFollowing.Sample> samples = new ArrayList<>();
          for (TextToImage.GeneratedImage image :
              TextToImage.generate(
                  new ImageGenerator(networks),
                  ImageGenerator.Variant.EMA,
                  encoder.encode(captions.stream().map(CaptionFollowing.Caption::text).toList()),
                  CaptionProbe.IMAGES_PER_CAPTION,
                  CaptionProbe.NOISE_SEED)) {
            samples.add(
                new CaptionFollowing.Sample(image.image(), captions.get(image.captionIndex())));
          }
          CaptionFollowing.Score score = CaptionFollowing.score(samples);
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
        captions.add(new CaptionFollowing.Caption(text.apply(color, shape), color, shape));
      }
    }
    return captions;
  }
}
