package io.xmcgan.model;

import io.xmcgan.engine.NativeEnvironment;
import java.util.Map;

/**
 * Caps the instruction set of oneDNN, the library behind libtorch's CPU convolutions, at SSE4.1.
 *
 * <p>On AVX2 and AVX-512 CPUs, oneDNN 3.7.1 (bundled with libtorch 2.7.1) computes wrong 3x3
 * convolution gradients with respect to the input whenever the output has fewer than 16 channels,
 * e.g. G's RGB output layer, and wrong forward results for some other channel counts; with two
 * threads the result even changes from run to run and is sometimes NaN. Training then diverged
 * within a step or two. Its SSE4.1 kernels are exact (checked against a float64 reference by {@link
 * ConvolutionSelfCheck}) at about half the speed of the wide kernels.
 *
 * <p>oneDNN reads {@code ONEDNN_MAX_CPU_ISA} once, at its first convolution, so {@link #apply} must
 * run before that: first thing in every process entry point. A value the user already set, in
 * either spelling of the variable, is kept: {@code ONEDNN_MAX_CPU_ISA=ALL} restores the wide
 * kernels, and the self-check still refuses to train if they are wrong on that CPU.
 */
public final class OneDnnIsaLimit {

  static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
  static final String LEGACY_VARIABLE = "DNNL_MAX_CPU_ISA";
  static final String EXACT_ISA = "SSE41";

  private OneDnnIsaLimit() {}

  /** Sets {@code ONEDNN_MAX_CPU_ISA=SSE41} for this process unless either variable is set. */
  public static void apply() {
    Map<String, String> environment = System.getenv();
    if (environment.containsKey(VARIABLE) || environment.containsKey(LEGACY_VARIABLE)) {
      return;
    }
    NativeEnvironment.setIfAbsent(VARIABLE, EXACT_ISA);
  }
}
