package io.xmcgan.evaluation.metrics;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Gaussian statistics in the {@code .npz} layout of pytorch-fid: a zip of {@code mu.npy} (float64,
 * shape {@code (d,)}) and {@code sigma.npy} (float64, shape {@code (d, d)}), so published reference
 * statistics (e.g. COCO) can be used directly and ours can be used by pytorch-fid. We also write
 * {@code count.npy} (the number of feature vectors as a float64 scalar; our writer only emits
 * float64), which pytorch-fid ignores.
 */
public final class FidStatisticsFile {

  private static final String MEAN_ENTRY = "mu.npy";
  private static final String COVARIANCE_ENTRY = "sigma.npy";
  private static final String COUNT_ENTRY = "count.npy";

  private FidStatisticsFile() {}

  /**
   * Writes {@code statistics} to {@code path}: first to a temporary sibling, then renamed into
   * place, so a reader never sees a partial file.
   */
  public static void write(Path path, GaussianStatistics statistics) throws IOException {
    int d = statistics.dimension();
    Path absolute = path.toAbsolutePath();
    Path temporary =
        absolute.resolveSibling(absolute.getFileName() + ".tmp-" + UUID.randomUUID() + ".npz");
    try {
      try (ZipOutputStream zip =
          new ZipOutputStream(
              new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
        writeEntry(zip, MEAN_ENTRY, new NpyArray(new int[] {d}, statistics.mean()));
        writeEntry(zip, COVARIANCE_ENTRY, new NpyArray(new int[] {d, d}, statistics.covariance()));
        if (statistics.sampleCount().isPresent()) {
          writeEntry(
              zip,
              COUNT_ENTRY,
              new NpyArray(new int[0], new double[] {statistics.sampleCount().getAsLong()}));
        }
      }
      Files.move(
          temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Reads statistics written by us, by pytorch-fid, or by {@code numpy.savez[_compressed]}. */
  public static GaussianStatistics read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new IOException("FID statistics file " + path + " does not exist");
    }
    try (ZipFile zip = new ZipFile(path.toFile())) {
      NpyArray mean = readEntry(zip, path, MEAN_ENTRY, true);
      NpyArray covariance = readEntry(zip, path, COVARIANCE_ENTRY, true);
      NpyArray count = readEntry(zip, path, COUNT_ENTRY, false);
      if (mean.shape().length != 1) {
        throw new IOException(
            path + ": mu must be a vector (d,), got shape " + Arrays.toString(mean.shape()));
      }
      int d = mean.shape()[0];
      if (covariance.shape().length != 2
          || covariance.shape()[0] != d
          || covariance.shape()[1] != d) {
        throw new IOException(
            path
                + ": sigma must have shape ("
                + d
                + ", "
                + d
                + ") to match mu, got "
                + Arrays.toString(covariance.shape()));
      }
      OptionalLong sampleCount =
          count == null ? OptionalLong.empty() : OptionalLong.of((long) count.values()[0]);
      return new GaussianStatistics(mean.values(), covariance.values(), sampleCount);
    } catch (ZipException e) {
      throw new IOException(path + " is not a valid .npz (zip) file: " + e.getMessage(), e);
    }
  }

  private static NpyArray readEntry(ZipFile zip, Path path, String name, boolean required)
      throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      if (required) {
        throw new IOException(
            path + " has no '" + name + "' entry; FID statistics files hold mu.npy and sigma.npy");
      }
      return null;
    }
    try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
      return Npy.read(in, path + "!" + name);
    }
  }

  /** A STORED entry like {@code numpy.savez}; its size and CRC must be known before the data. */
  private static void writeEntry(ZipOutputStream zip, String name, NpyArray array)
      throws IOException {
    CRC32 crc = new CRC32();
    CountingSink sink = new CountingSink();
    Npy.write(new CheckedOutputStream(sink, crc), array);
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(sink.count);
    entry.setCompressedSize(sink.count);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    Npy.write(zip, array);
    zip.closeEntry();
  }

  private static final class CountingSink extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      count += length;
    }
  }
}
