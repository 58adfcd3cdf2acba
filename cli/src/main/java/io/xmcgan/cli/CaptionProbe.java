package io.xmcgan.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.datasets.ShapesLayout;
import io.xmcgan.eval.CheckpointNetworks;
import io.xmcgan.eval.CheckpointNotFoundException;
import io.xmcgan.eval.ImageGenerator;
import io.xmcgan.eval.TextToImage;
import io.xmcgan.experiment.ResolvedExperiment;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.StorageSettings;
import io.xmcgan.storage.files.StorageJson;
import io.xmcgan.text.CaptionEncoder;
import io.xmcgan.text.TextEncoderFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Measures how well a checkpoint's EMA generator follows shapes captions: it generates {@value
 * #IMAGES_PER_CAPTION} images for each of the 24 colour-and-shape {@link
 * CaptionFollowing#probeCaptions() probe captions} with fixed noise, scores them with {@link
 * ShapeClassifier}, and writes the result next to the evaluator's metrics as {@code
 * metrics/captions-step-NNNNNNNN.json}, with the classifier's score on real images as the ceiling.
 */
final class CaptionProbe implements AutoCloseable {

  /**
   * 240 images in all: enough for a score within about 2 points of a much larger sample's
   * (docs/quickstart-experiments.md, "How many probe images").
   */
  static final int IMAGES_PER_CAPTION = 10;

  static final long NOISE_SEED = 1234;
  private static final int REAL_IMAGES = 200;

  private static final ObjectMapper JSON = StorageJson.mapper();

  /**
   * The content of {@code metrics/captions-step-NNNNNNNN.json}.
   *
   * @param generated the EMA generator's images for the probe captions
   * @param realImages the same classifier on real dataset images (its ceiling)
   */
  record Result(
      long step,
      String classifier,
      List<String> captions,
      int imagesPerCaption,
      CaptionFollowing.Score generated,
      CaptionFollowing.Score realImages) {}

  private final ResolvedExperiment experiment;
  private final ObjectStore store;
  private final Device device;
  private final CaptionEncoder encoder;
  private final List<CaptionEncoder.EncodedCaption> encoded;
  private final List<CaptionFollowing.Caption> captions = CaptionFollowing.probeCaptions();
  private CaptionFollowing.Score real;

  CaptionProbe(
      ResolvedExperiment experiment,
      ObjectStore store,
      StorageSettings storage,
      Device device,
      Path workDir)
      throws IOException {
    this.experiment = experiment;
    this.store = store;
    this.device = device;
    TextEncoderFiles files =
        TextEncoderFiles.resolve(experiment.data(), storage, workDir.resolve("text-encoder"));
    this.encoder = CaptionEncoder.open(files, experiment.model().maxTokens(), 24, device);
    this.encoded = encoder.encode(captions.stream().map(CaptionFollowing.Caption::text).toList());
  }

  /** Only experiments on the builtin shapes dataset have captions the classifier understands. */
  static boolean applies(ResolvedExperiment experiment) {
    return experiment.data().source().builtin() != null;
  }

  static String key(long step) {
    return StorageLayout.captionProbe(step);
  }

  Result measure(long step) throws IOException {
    CheckpointStore checkpoints = new CheckpointStore(store);
    var found = checkpoints.open(step);
    if (found.isEmpty()) {
      throw new CheckpointNotFoundException(
          store.root() + StorageLayout.CHECKPOINTS_DIR,
          step,
          checkpoints.listComplete().stream().map(m -> m.step()).toList());
    }
    var checkpoint = found.get();
    List<CaptionFollowing.Sample> samples = new ArrayList<>();
    try (XmcGanNetworks networks =
        CheckpointNetworks.load(checkpoint, experiment.model(), device)) {
      for (TextToImage.GeneratedImage image :
          TextToImage.generate(
              new ImageGenerator(networks),
              ImageGenerator.Variant.EMA,
              encoded,
              IMAGES_PER_CAPTION,
              NOISE_SEED)) {
        samples.add(new CaptionFollowing.Sample(image.image(), captions.get(image.captionIndex())));
      }
    }
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
    Result result =
        new Result(
            step,
            "colour: majority palette colour of non-background pixels; shape: fill and centroid"
                + " of its largest region",
            captions.stream().map(CaptionFollowing.Caption::text).toList(),
            IMAGES_PER_CAPTION,
            CaptionFollowing.score(samples),
            real);
    store.writeBytes(key(step), JSON.writeValueAsBytes(result));
    return result;
  }

  static Optional<Result> read(ObjectStore store, long step) throws IOException {
    if (!store.exists(key(step))) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(store.readBytes(key(step)), Result.class));
  }

  @Override
  public void close() {
    encoder.close();
  }
}
