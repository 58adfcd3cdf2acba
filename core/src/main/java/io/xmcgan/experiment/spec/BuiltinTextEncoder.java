package io.xmcgan.experiment.spec;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The text encoders shipped with the images ({@code dataset.textEncoder.builtin}). The width is the
 * size of their token vectors, which the model's {@code textDim} follows; the id (with a version
 * that changes with the outputs) is what data manifests record, so shards of another encoder are
 * made again.
 */
public enum BuiltinTextEncoder {
  /** A seeded random 2-layer transformer over the shapes captions' 80 words (a demo, not BERT). */
  SHAPES_TINY("shapes-tiny", 64, 3),
  /**
   * all-MiniLM-L6-v2 (6-layer BERT-family sentence encoder, uncased BERT WordPiece vocabulary) run
   * with OnnxRuntime; padded positions are stored as zeros (docs/preprocessing.md).
   */
  MINILM_L6(BuiltinTextEncoder.MINILM_L6_NAME, 384, 1);

  /** MINILM_L6's wire name, a constant for the CRD's rules (DatasetSpec). */
  public static final String MINILM_L6_NAME = "minilm-l6";

  /** The {@code @Pattern} of the spec field: every wire name. */
  public static final String NAME_PATTERN = "^(shapes-tiny|minilm-l6)$";

  private final String wireName;
  private final int width;
  private final int version;

  BuiltinTextEncoder(String wireName, int width, int version) {
    this.wireName = wireName;
    this.width = width;
    this.version = version;
  }

  /** The value of {@code dataset.textEncoder.builtin}. */
  public String wireName() {
    return wireName;
  }

  /** Width of the token vectors. */
  public int width() {
    return width;
  }

  /** What data manifests record as the encoder, e.g. {@code builtin:minilm-l6@1}. */
  public String id() {
    return "builtin:" + wireName + "@" + version;
  }

  public static Optional<BuiltinTextEncoder> find(String wireName) {
    return Arrays.stream(values()).filter(e -> e.wireName.equals(wireName)).findFirst();
  }

  public static String names() {
    return Arrays.stream(values()).map(e -> e.wireName).collect(Collectors.joining(", "));
  }

  /**
   * The built-in encoder an experiment uses: the one named, else (when no {@code uri} is given)
   * {@link #MINILM_L6} for COCO-style sources ({@code captionsUri}) and {@link #SHAPES_TINY} for
   * the built-in shapes; empty when {@code uri} names an encoder file. An unknown name is empty too
   * (the validator reports it).
   */
  public static Optional<BuiltinTextEncoder> effective(
      TextEncoderSpec encoder, DataSourceSpec source) {
    if (encoder != null && encoder.getUri() != null) {
      return Optional.empty();
    }
    if (encoder != null && encoder.getBuiltin() != null) {
      return find(encoder.getBuiltin());
    }
    boolean cocoStyle = source != null && source.getCaptionsUri() != null;
    return Optional.of(cocoStyle ? MINILM_L6 : SHAPES_TINY);
  }
}
