package io.xmcgan.experiment.spec;

/**
 * Datasets generated in process instead of read from storage. The constants are the wire values, so
 * Jackson and the generated CRD schema agree without a mapping.
 */
public enum BuiltinDataset {
  /** Coloured geometric shapes with generated captions ("a red circle above a blue square"). */
  shapes(3);

  private final int version;

  BuiltinDataset(int version) {
    this.version = version;
  }

  /**
   * Changes whenever the generator draws or captions differently (2: "an orange circle", not "a
   * orange circle"; 3: three of the ten one-shape templates name the background, not one of eight,
   * and the training split never draws the held-out colour-shape-background combinations), so that
   * shards of an older generator are made again instead of being reused.
   */
  public int version() {
    return version;
  }
}
