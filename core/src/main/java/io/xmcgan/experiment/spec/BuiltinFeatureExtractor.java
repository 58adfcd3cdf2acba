package io.xmcgan.experiment.spec;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The feature extractors shipped in the evaluator, used when {@code
 * evaluation.featureExtractor.uri} is absent (docs/evaluation.md, "Built-in extractors"). Their FID
 * and IS mean something within one experiment and nothing beside Inception numbers.
 */
public enum BuiltinFeatureExtractor {
  /** A seeded random three-layer CNN: the default for COCO-style datasets. */
  TINY("tiny"),
  /**
   * A CNN trained on the shapes dataset to tell its 72 colour, shape and background combinations:
   * the default for the built-in shapes.
   */
  SHAPES("shapes");

  /** What every built-in extractor's id starts with, and no URI does. */
  public static final String ID_PREFIX = "builtin:";

  private final String name;

  BuiltinFeatureExtractor(String name) {
    this.name = name;
  }

  /** The directory of its module and description under {@code /feature-extractors/}. */
  public String resourceName() {
    return name;
  }

  /** What metrics record as the extractor, e.g. {@code builtin:shapes}. */
  public String id() {
    return ID_PREFIX + name;
  }

  public static Optional<BuiltinFeatureExtractor> fromId(String id) {
    return Arrays.stream(values()).filter(e -> e.id().equals(id)).findFirst();
  }

  public static String ids() {
    return Arrays.stream(values())
        .map(BuiltinFeatureExtractor::id)
        .collect(Collectors.joining(", "));
  }

  /** The extractor an experiment without {@code featureExtractor.uri} is evaluated with. */
  public static BuiltinFeatureExtractor defaultFor(DataSourceSpec source) {
    return source != null && source.getBuiltin() == BuiltinDataset.shapes ? SHAPES : TINY;
  }
}
