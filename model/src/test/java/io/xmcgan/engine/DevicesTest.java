package io.xmcgan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.failure.Failures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stage that asked for GPUs gets exactly those GPUs or fails loudly; it never runs on the CPU.
 */
class DevicesTest {

  private static final String FIELD = "spec.training.gpusPerPod";

  @Test
  void noGpusAskedRunsOnTheCpuWhateverIsVisible() {
    assertThat(Devices.select(0, 0, "cpu", FIELD)).containsExactly(Device.cpu());
    assertThat(Devices.select(0, 8, "cu128", FIELD)).containsExactly(Device.cpu());
  }

  @Test
  void gpusAskedAndVisibleAreUsedInOrder() {
    assertThat(Devices.select(2, 2, "cu128", FIELD)).containsExactly(Device.gpu(0), Device.gpu(1));
    assertThat(Devices.select(1, 8, "cu128", FIELD)).containsExactly(Device.gpu(0));
  }

  @Test
  void noGpuVisibleInACpuImageNamesTheFlavourAndTheFix() {
    assertThatThrownBy(() -> Devices.select(8, 0, "cpu", FIELD))
        .isInstanceOf(NoGpuVisibleException.class)
        .hasMessageContaining("spec.training.gpusPerPod=8 asks for 8 GPUs")
        .hasMessageContaining("sees 0 (libtorch flavour cpu)")
        .hasMessageContaining("--build-arg FLAVOR=cu128")
        .hasMessageContaining("spec.training.gpusPerPod: 0");
  }

  @Test
  void fewerGpusThanAskedIsTheSameErrorAndPointsAtTheNode() {
    assertThatThrownBy(() -> Devices.select(8, 4, "cu128", "spec.evaluation.gpusPerPod"))
        .isInstanceOf(NoGpuVisibleException.class)
        .hasMessageContaining(
            "spec.evaluation.gpusPerPod=8 asks for 8 GPUs but this container sees 4")
        .hasMessageContaining("NVIDIA device plugin");
  }

  @Test
  void theFailureExitsWithItsOwnCode() {
    NoGpuVisibleException failure = new NoGpuVisibleException("no GPU");
    assertThat(Failures.exitCode(new RuntimeException("wrapped", failure)))
        .isEqualTo(ExitCode.NO_GPU_VISIBLE);
    assertThat(ExitCode.NO_GPU_VISIBLE.code()).isNotIn(0, 1, 2, 75, 137, 143);
  }

  @Test
  void theEngineDecidesOnARealMachine() {
    assertThat(Devices.select(0, FIELD)).isEqualTo(List.of(Device.cpu()));
    if (EngineInfo.detect().gpuCount() == 0) {
      assertThatThrownBy(() -> Devices.select(1, FIELD))
          .isInstanceOf(NoGpuVisibleException.class)
          .hasMessageContaining("sees 0");
    } else {
      assertThat(Devices.select(1, FIELD)).containsExactly(Device.gpu(0));
    }
  }
}
