package io.xmcgan.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FidStatisticsFileTest {

  @TempDir Path directory;

  @Test
  void writtenStatisticsReadBackBitForBit() throws IOException {
    Random random = new Random(5);
    int d = 33;
    double[] mean = random.doubles(d).toArray();
    double[] covariance = random.doubles((long) d * d).toArray();
    GaussianStatistics statistics = new GaussianStatistics(mean, covariance, OptionalLong.of(1234));
    Path file = directory.resolve("stats.npz");

    FidStatisticsFile.write(file, statistics);
    GaussianStatistics read = FidStatisticsFile.read(file);

    assertThat(read.mean()).containsExactly(mean);
    assertThat(read.covariance()).containsExactly(covariance);
    assertThat(read.sampleCount()).hasValue(1234);
    try (var listing = Files.list(directory)) {
      assertThat(listing).containsExactly(file);
    }
  }

  @Test
  void readsWhatNumpySavezWrote() throws IOException {
    GaussianStatistics ours = EvalFixtures.statisticsOf("fid_full_rank_a.npy");

    GaussianStatistics numpy = FidStatisticsFile.read(EvalFixtures.path("stats_numpy_savez.npz"));

    assertThat(numpy.sampleCount()).isEmpty();
    assertThat(numpy.dimension()).isEqualTo(64);
    for (int k = 0; k < 64; k++) {
      assertThat(numpy.mean()[k]).isCloseTo(ours.mean()[k], within(1e-12));
    }
    for (int k = 0; k < 64 * 64; k++) {
      assertThat(numpy.covariance()[k]).isCloseTo(ours.covariance()[k], within(1e-12));
    }
  }

  @Test
  void readsCompressedFloat32Statistics() throws IOException {
    GaussianStatistics float64 = FidStatisticsFile.read(EvalFixtures.path("stats_numpy_savez.npz"));

    GaussianStatistics float32 =
        FidStatisticsFile.read(EvalFixtures.path("stats_numpy_compressed_f4.npz"));

    for (int k = 0; k < 64 * 64; k++) {
      assertThat(float32.covariance()[k]).isEqualTo((double) (float) float64.covariance()[k]);
    }
  }

  @Test
  void rejectsUnsupportedDtypesNamingTheFileAndDtype() {
    Path file = EvalFixtures.path("stats_big_endian.npz");

    assertThatThrownBy(() -> FidStatisticsFile.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file + "!mu.npy")
        .hasMessageContaining("dtype '>f8'");
  }

  @Test
  void rejectsAFileWithoutSigma() throws IOException {
    Path file = directory.resolve("only-mu.npz");
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("mu.npy"));
      Npy.write(zip, new NpyArray(new int[] {2}, new double[] {1, 2}));
      zip.closeEntry();
    }

    assertThatThrownBy(() -> FidStatisticsFile.read(file))
        .hasMessageContaining("has no 'sigma.npy' entry");
  }

  @Test
  void npyRoundTripPreservesShapeIncludingScalars() throws IOException {
    for (int[] shape : new int[][] {{}, {3}, {2, 3}}) {
      int elements = shape.length == 0 ? 1 : shape.length == 1 ? 3 : 6;
      double[] values = new Random(shape.length).doubles(elements).toArray();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();

      Npy.write(bytes, new NpyArray(shape, values));
      NpyArray read = Npy.read(new ByteArrayInputStream(bytes.toByteArray()), "memory");

      assertThat(bytes.size() - 8 * elements).isEqualTo(128);
      assertThat(read.shape()).containsExactly(shape);
      assertThat(read.values()).containsExactly(values);
    }
  }

  @Test
  void aTruncatedArrayIsAnError() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Npy.write(bytes, new NpyArray(new int[] {4}, new double[] {1, 2, 3, 4}));
    byte[] truncated = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 5);

    assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(truncated), "cut.npy"))
        .hasMessageContaining("cut.npy ends after 3 of its 4 values");
  }
}
