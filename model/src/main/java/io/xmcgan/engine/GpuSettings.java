package io.xmcgan.engine;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import io.xmcgan.experiment.spec.Precision;
import java.util.List;

/**
 * The libtorch settings of a GPU training run, applied before its first convolution and matrix
 * product (docs/training.md, "Precision"). cuDNN picks the fastest convolution algorithm for the
 * step's fixed shapes ({@code cudnn_benchmark}); TensorFloat-32 follows the precision: libtorch's
 * cuDNN convolutions use TF32 by default but its cuBLAS matrix products do not, unless {@value
 * #ALLOW_TF32_CUBLAS} is set, and {@value #NVIDIA_TF32_OVERRIDE}=0 turns TF32 off in both NVIDIA
 * libraries. Both are read when the libraries first need them, so a value set by the user wins.
 */
public final class GpuSettings {

  static final String ALLOW_TF32_CUBLAS = "TORCH_ALLOW_TF32_CUBLAS_OVERRIDE";
  static final String NVIDIA_TF32_OVERRIDE = "NVIDIA_TF32_OVERRIDE";

  private GpuSettings() {}

  /** Applies the settings when {@code devices} has a GPU; a CPU run is left as it is. */
  public static void apply(Precision precision, List<Device> devices) {
    if (devices.stream().noneMatch(Device::isGpu)) {
      return;
    }
    JniUtils.setBenchmarkCuDNN(true);
    for (var variable : variables(precision).entrySet()) {
      NativeEnvironment.setIfAbsent(variable.getKey(), variable.getValue());
    }
  }

  /** The environment a GPU run of {@code precision} needs. */
  static java.util.Map<String, String> variables(Precision precision) {
    return precision == Precision.fp32
        ? java.util.Map.of(NVIDIA_TF32_OVERRIDE, "0")
        : java.util.Map.of(ALLOW_TF32_CUBLAS, "1");
  }
}
