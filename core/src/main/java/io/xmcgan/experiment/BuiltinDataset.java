package io.xmcgan.experiment;

/**
 * Datasets generated in process instead of read from storage. The constants are the wire values, so
 * Jackson and the generated CRD schema agree without a mapping.
 */
public enum BuiltinDataset {
  /** Coloured geometric shapes with generated captions ("a red circle above a blue square"). */
  shapes
}
