package io.xmcgan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.experiment.spec.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each precision asks of the NVIDIA libraries on a GPU. */
class GpuSettingsTest {

  @Test
  void fp32TurnsTf32OffAndTheOthersAllowItForMatrixProductsToo() {
    assertThat(GpuSettings.variables(Precision.fp32))
        .isEqualTo(Map.of("NVIDIA_TF32_OVERRIDE", "0"));
    assertThat(GpuSettings.variables(Precision.tf32))
        .isEqualTo(Map.of("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE", "1"));
    assertThat(GpuSettings.variables(Precision.bf16))
        .isEqualTo(Map.of("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE", "1"));
  }
}
