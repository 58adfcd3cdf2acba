package io.xmcgan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up line: what it says on this (CPU) machine, and its format for a CUDA engine. */
class EngineInfoTest {

  @Test
  void onTheCpuItIsPyTorch271CpuWithoutGpus() {
    EngineInfo info = EngineInfo.detect();

    assertThat(info.engine()).isEqualTo("PyTorch");
    assertThat(info.version()).isEqualTo("2.7.1");
    assertThat(info.flavour()).isEqualTo("cpu");
    assertThat(info.gpuCount()).isZero();
    assertThat(info.devices()).isEmpty();
    assertThat(info.cudaVersion()).isNull();
    assertThat(info.driverCudaVersion()).isNull();
    assertThat(Path.of(info.libraryPath()).resolve("libtorch.so")).isRegularFile();
    assertThat(info.line())
        .isEqualTo("engine: PyTorch 2.7.1 flavour=cpu gpus=0 libtorch=" + info.libraryPath());
  }

  @Test
  void aCudaEngineListsCudaTheDriverAndEachGpuOnOneLine() {
    EngineInfo info =
        new EngineInfo(
            "PyTorch",
            "2.7.1",
            "cu128",
            "/opt/libtorch/lib",
            "12.8",
            "12.9",
            2,
            List.of(
                "gpu0 NVIDIA H100 80GB HBM3 (sm_90, 79.6 GiB)",
                "gpu1 NVIDIA H100 80GB HBM3 (sm_90, 79.6 GiB)"));

    assertThat(info.line())
        .isEqualTo(
            "engine: PyTorch 2.7.1 flavour=cu128 cuda=12.8 driver=12.9 gpus=2"
                + " [gpu0 NVIDIA H100 80GB HBM3 (sm_90, 79.6 GiB),"
                + " gpu1 NVIDIA H100 80GB HBM3 (sm_90, 79.6 GiB)]"
                + " libtorch=/opt/libtorch/lib")
        .doesNotContain("\n");
  }

  @Test
  void aCudaImageOnANodeWithoutDriverSaysSo() {
    EngineInfo info =
        new EngineInfo("PyTorch", "2.7.1", "cu128", "/opt/libtorch/lib", null, null, 0, List.of());

    assertThat(info.line())
        .isEqualTo(
            "engine: PyTorch 2.7.1 flavour=cu128 cuda=none driver=none gpus=0"
                + " libtorch=/opt/libtorch/lib");
  }

  @Test
  void theFlavourIsPytorchFlavourElseDjlsCacheDirectoryElseTheLibraries() {
    assertThat(EngineInfo.flavour("cu128", "/opt/libtorch/lib", false)).isEqualTo("cu128");
    assertThat(EngineInfo.flavour(" cpu ", "/opt/libtorch/lib", true)).isEqualTo("cpu");
    assertThat(
            EngineInfo.flavour(
                null, "/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64", false))
        .isEqualTo("cpu");
    assertThat(EngineInfo.flavour("", "/c/pytorch/2.7.1-cu128-precxx11-linux-x86_64", true))
        .isEqualTo("cu128-precxx11");
    assertThat(EngineInfo.flavour(null, "/opt/libtorch/lib", true)).isEqualTo("cuda");
    assertThat(EngineInfo.flavour(null, "/opt/libtorch/lib", false)).isEqualTo("cpu");
    assertThat(EngineInfo.flavour(null, null, false)).isEqualTo("cpu");
  }

  @Test
  void aGpuIsDescribedByNameComputeCapabilityAndMemoryWhenKnown() {
    assertThat(EngineInfo.describeGpu(0, "NVIDIA H100 80GB HBM3", "90", 85_520_809_984L))
        .isEqualTo("gpu0 NVIDIA H100 80GB HBM3 (sm_90, 79.6 GiB)");
    assertThat(EngineInfo.describeGpu(3, null, "86", 0)).isEqualTo("gpu3 (sm_86)");
    assertThat(EngineInfo.describeGpu(1, " ", null, 0)).isEqualTo("gpu1");
  }

  @Test
  void cudaVersionNumbersReadAsMajorDotMinor() {
    assertThat(EngineInfo.cudaVersionText(12080)).isEqualTo("12.8");
    assertThat(EngineInfo.cudaVersionText(12090)).isEqualTo("12.9");
    assertThat(EngineInfo.cudaVersionText(11080)).isEqualTo("11.8");
  }
}
