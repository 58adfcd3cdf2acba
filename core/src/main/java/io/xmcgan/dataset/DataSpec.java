package io.xmcgan.dataset;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.xmcgan.experiment.resolve.ExperimentDefaults;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.spec.BuiltinTextEncoder;

/**
 * Everything that determines the bytes of one split's shards. Shards and manifests record the spec
 * they were made for; data made for another spec (a changed source, image size, shard count or text
 * encoder) is not ready for this one.
 *
 * @param split {@value #TRAIN} or {@value #VALIDATION}
 * @param source {@code builtin:shapes@V?size=N&seed=S} (V the generator's version), or {@code
 *     captions=<uri>;images=<uri>}
 * @param textEncoder the encoder URI, or a built-in encoder's id ({@value #BUILTIN_TEXT_ENCODER},
 *     {@code builtin:minilm-l6@1})
 * @param vocab the vocabulary URI, or {@value #ENCODER_VOCAB} for the encoder's own
 */
@JsonPropertyOrder({
  "split",
  "source",
  "imageSize",
  "shards",
  "textEncoder",
  "vocab",
  "maxTokens",
  "captionsPerImage"
})
public record DataSpec(
    String split,
    String source,
    int imageSize,
    int shards,
    String textEncoder,
    String vocab,
    int maxTokens,
    int captionsPerImage) {

  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";

  /**
   * The shapes-tiny encoder shipped in the images (a 64-wide transformer for the shapes captions).
   * The version changes with its outputs, so shards encoded by an older one are made again; {@link
   * BuiltinTextEncoder#id()} names every built-in encoder.
   */
  public static final String BUILTIN_TEXT_ENCODER = "builtin:shapes-tiny@3";

  public static final String ENCODER_VOCAB = "encoder";

  /** As the reference: five captions per image (fewer are repeated, see docs/preprocessing.md). */
  public static final int CAPTIONS_PER_IMAGE = 5;

  /** The spec of {@code split} ({@value #TRAIN} or {@value #VALIDATION}) of an experiment. */
  public static DataSpec of(ResolvedExperiment.Data data, String split) {
    ResolvedExperiment.Source source =
        switch (split) {
          case TRAIN -> data.source();
          case VALIDATION -> data.validationSource();
          default ->
              throw new IllegalArgumentException(
                  "split must be '" + TRAIN + "' or '" + VALIDATION + "', got '" + split + "'");
        };
    return new DataSpec(
        split,
        describe(source),
        data.imageSize(),
        data.shards(),
        data.builtinTextEncoder().map(BuiltinTextEncoder::id).orElse(data.textEncoderUri()),
        data.vocabUri() == null ? ENCODER_VOCAB : data.vocabUri(),
        data.maxTokens(),
        CAPTIONS_PER_IMAGE);
  }

  private static String describe(ResolvedExperiment.Source source) {
    if (source.builtin() != null) {
      return "builtin:"
          + source.builtin().name()
          + "@"
          + source.builtin().version()
          + "?size="
          + source.size()
          + "&seed="
          + source.seed()
          + (source.maxShapes() == null
                  || source.maxShapes() == ExperimentDefaults.SHAPES_MAX_SHAPES
              ? ""
              : "&maxShapes=" + source.maxShapes())
          + (source.grid() == null || source.grid() == ExperimentDefaults.SHAPES_GRID
              ? ""
              : "&grid=" + source.grid());
    }
    return "captions=" + source.captionsUri() + ";images=" + source.imagesUri();
  }
}
