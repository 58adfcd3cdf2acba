package io.xmcgan.evaluation;

import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.shapes.CaptionFollowing;
import io.xmcgan.shapes.ShapeClassifier;
import io.xmcgan.shapes.ShapesLayout;
import io.xmcgan.storage.files.EvaluationMetrics;
import io.xmcgan.text.CaptionEncoder;
import io.xmcgan.text.TextEncoderFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Measures how well a checkpoint's EMA generator follows shapes captions: it generates {@value
 * #IMAGES_PER_CAPTION} images for each of the {@link CaptionFollowing#probeCaptions() probe
 * captions} with fixed noise and scores them with the shapes dataset's classifier, next to the
 * classifier's score on real images (its ceiling). Part of every evaluation of an experiment on the
 * builtin shapes dataset (docs/evaluation.md, "Caption following").
 */
final class CaptionProbe implements AutoCloseable {

  /**
   * 480 images in all (96 captions): each attribute's score rests on 360 to 480 images, and
   * generating them stays a few seconds of a CPU evaluation (docs/evaluation.md, "Caption
   * following").
   */
  static final int IMAGES_PER_CAPTION = 5;

  static final long NOISE_SEED = 1234;
  private static final int REAL_IMAGES = 200;
  private static final int ENCODER_BATCH = 24;

  private final ResolvedExperiment experiment;
  private final CaptionEncoder encoder;
  private final List<CaptionEncoder.EncodedCaption> encoded;
  private final List<CaptionFollowing.Caption> captions = CaptionFollowing.probeCaptions();
  private EvaluationMetrics.CaptionScore real;

  private CaptionProbe(ResolvedExperiment experiment, EvaluatorSettings settings)
      throws IOException {
    this.experiment = experiment;
    TextEncoderFiles files =
        TextEncoderFiles.resolve(
            experiment.data(), settings.storage(), settings.workDir().resolve("text-encoder"));
    this.encoder =
        CaptionEncoder.open(
            files, experiment.model().maxTokens(), ENCODER_BATCH, settings.device());
    this.encoded = encoder.encode(captions.stream().map(CaptionFollowing.Caption::text).toList());
  }

  /**
   * A probe for experiments on the builtin shapes dataset, the only captions the classifier
   * understands; empty for the others.
   */
  static Optional<CaptionProbe> open(ResolvedExperiment experiment, EvaluatorSettings settings)
      throws IOException {
    return experiment.data().source().builtin() == null
        ? Optional.empty()
        : Optional.of(new CaptionProbe(experiment, settings));
  }

  EvaluationMetrics.CaptionFollowing measure(XmcGanNetworks networks) throws IOException {
    List<CaptionFollowing.Sample> samples = generate(networks, captions, encoded);
    if (real == null) {
      ResolvedExperiment.Source validation = experiment.data().validationSource();
      real =
          CaptionFollowing.score(
              CaptionFollowing.realSamples(
                  experiment.model().imageSize(),
                  validation.seed(),
                  ShapesLayout.of(validation),
                  REAL_IMAGES));
    }
    return new EvaluationMetrics.CaptionFollowing(
        "background: nearest dataset background to the border's median colour; colour:"
            + " majority palette colour of non-background pixels; shape: the ideal shape whose"
            + " antialiased drawing best overlaps the largest region of that colour, if its soft"
            + " IoU is at least "
            + ShapeClassifier.MIN_SHAPE_IOU,
        captions.stream().map(CaptionFollowing.Caption::text).toList(),
        IMAGES_PER_CAPTION,
        CaptionFollowing.score(samples),
        CaptionFollowing.score(samples.stream().filter(s -> s.caption().heldOut()).toList()),
        real);
  }

  /** The EMA generator's score on other captions, with the same noise and image count. */
  EvaluationMetrics.CaptionScore score(
      XmcGanNetworks networks, List<CaptionFollowing.Caption> others) throws IOException {
    return CaptionFollowing.score(
        generate(
            networks,
            others,
            encoder.encode(others.stream().map(CaptionFollowing.Caption::text).toList())));
  }

  private static List<CaptionFollowing.Sample> generate(
      XmcGanNetworks networks,
      List<CaptionFollowing.Caption> captions,
      List<CaptionEncoder.EncodedCaption> encoded)
      throws IOException {
    List<CaptionFollowing.Sample> samples = new ArrayList<>();
    for (TextToImage.GeneratedImage image :
        TextToImage.generate(
            new ImageGenerator(networks),
            ImageGenerator.Variant.EMA,
            encoded,
            IMAGES_PER_CAPTION,
            NOISE_SEED)) {
      samples.add(new CaptionFollowing.Sample(image.image(), captions.get(image.captionIndex())));
    }
    return samples;
  }

  @Override
  public void close() {
    encoder.close();
  }
}
