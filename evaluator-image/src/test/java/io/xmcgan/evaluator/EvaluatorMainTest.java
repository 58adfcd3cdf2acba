package io.xmcgan.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.evaluation.metrics.FidStatisticsFile;
import io.xmcgan.evaluation.metrics.GaussianStatistics;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.failure.Failures;
import io.xmcgan.records.CorruptRecordException;
import io.xmcgan.storage.StorageUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: output and exit codes the operator and users rely on. */
class EvaluatorMainTest {

  @TempDir Path dir;

  @Test
  void fidPrintsTheDistanceBetweenTwoStatisticsFiles() throws Exception {
    Path a = dir.resolve("a.npz");
    Path b = dir.resolve("b.npz");
    FidStatisticsFile.write(
        a,
        new GaussianStatistics(
            new double[] {0, 0}, new double[] {1, 0, 0, 1}, OptionalLong.empty()));
    FidStatisticsFile.write(
        b,
        new GaussianStatistics(
            new double[] {3, 4}, new double[] {1, 0, 0, 1}, OptionalLong.empty()));
    Run run = run("fid", a.toString(), b.toString());
    assertThat(run.code).isZero();
    assertThat(Double.parseDouble(run.out.strip()))
        .isCloseTo(25.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void invalidInputExitsWith2() {
    assertThat(run("fid", dir.resolve("missing.npz").toString(), "b.npz").code)
        .isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run("evaluate", "--experiment", dir.resolve("missing.yaml").toString()).code)
        .isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run("evaluate").code).isEqualTo(ExitCode.INVALID_INPUT.code());
  }

  @Test
  void failuresMapToRetryOrGiveUpCodesEvenWhenWrapped() {
    StorageUnavailableException unavailable =
        new StorageUnavailableException("S3 answered 503", 6, null);
    assertThat(Failures.exitCode(new UncheckedIOException(unavailable)))
        .isEqualTo(ExitCode.TEMPORARY);
    assertThat(
            Failures.exitCode(
                new UncheckedIOException(
                    new CorruptRecordException(
                        "data/validation-00000-of-00002.tfrecord", 12, "bad crc"))))
        .isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(Failures.exitCode(new IOException("disk on fire"))).isEqualTo(ExitCode.CRASH);
  }

  @Test
  void anEvaluatorGivenAGpuItCannotSeeExits78BeforeTouchingStorage() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        io.xmcgan.engine.EngineInfo.detect().gpuCount() == 0, "this machine has a GPU");
    Path manifest = dir.resolve("experiment.yaml");
    java.nio.file.Files.writeString(
        manifest,
        """
        apiVersion: xmcgan.io/v1alpha1
        kind: XmcganExperiment
        metadata: {name: gpu-eval}
        spec:
          dataset: {source: {builtin: shapes}}
          model: {preset: tiny}
          training: {steps: 10, gpusPerPod: 0}
          evaluation: {gpusPerPod: 1}
          storage: {uri: %s}
        """
            .formatted(dir.resolve("runs").toUri()));

    assertThat(run("evaluate", "--experiment", manifest.toString()).code)
        .isEqualTo(ExitCode.NO_GPU_VISIBLE.code());
    assertThat(dir.resolve("runs")).doesNotExist();
  }

  @Test
  void engineReportsThePyTorchEngine() {
    Run run = run("engine");
    assertThat(run.code).isZero();
    assertThat(run.out.lines())
        .singleElement()
        .asString()
        .startsWith("engine: PyTorch 2.7.1 flavour=cpu gpus=0 libtorch=");
  }

  private record Run(int code, String out) {}

  private static Run run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = EvaluatorMain.run(args);
      return new Run(code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
