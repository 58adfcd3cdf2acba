package io.xmcgan.experiment.spec;

/**
 * The arithmetic of the training step's convolutions and dense layers (docs/training.md,
 * "Precision"). Constants are wire values.
 */
public enum Precision {
  /** Full float32 everywhere, TF32 disabled on GPUs. */
  fp32,
  /** float32 tensors; GPU convolutions and matrix products in TensorFloat-32. */
  tf32,
  /**
   * bfloat16 inputs and weights of convolutions and dense layers; parameters, batch-norm
   * statistics, losses, word masks and the optimiser state stay float32.
   */
  bf16
}
