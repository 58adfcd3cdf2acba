package io.xmcgan.evaluation;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.xmcgan.evaluation.metrics.FidStatisticsFile;
import io.xmcgan.evaluation.metrics.GaussianAccumulator;
import io.xmcgan.evaluation.metrics.GaussianStatistics;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FID statistics of the real validation images, computed once per (validation data, extractor,
 * image size, image count) and cached under {@code data/stats/} in pytorch-fid's {@code .npz}
 * layout, so every later evaluation (and pytorch-fid itself) reuses them.
 */
public final class ReferenceStatistics {

  private static final Logger LOG = LoggerFactory.getLogger(ReferenceStatistics.class);

  private ReferenceStatistics() {}

  /** Statistics and the key they are stored under. */
  public record Cached(String key, GaussianStatistics statistics, boolean computed) {}

  /**
   * {@code data/stats/validation-<data version>-<extractor digest>-<size>px-<count>.npz}: any
   * change to the data, the extractor file, the resolution or the count gives another file.
   */
  public static String key(
      ValidationData data, FeatureExtractorFiles extractor, int imageSize, int numImages) {
    return StorageLayout.dataStats(
        String.format(
            "%s-%s-%s-%dpx-%d.npz",
            ValidationData.SPLIT,
            data.version(),
            extractor.sha256().substring(0, 16),
            imageSize,
            numImages));
  }

  /**
   * Reads the cached statistics, or computes them from the first {@code numImages} validation
   * images (fewer when the split is smaller) and stores them.
   */
  public static Cached loadOrCompute(
      ObjectStore store,
      ValidationData data,
      FeatureExtractor extractor,
      int imageSize,
      int numImages,
      int batchSize,
      Path workDir)
      throws IOException {
    String key = key(data, extractor.files(), imageSize, numImages);
    Files.createDirectories(workDir);
    Path local = Files.createTempFile(workDir, "reference-", ".npz");
    try {
      if (store.exists(key)) {
        try (InputStream in = store.read(key)) {
          Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return new Cached(key, FidStatisticsFile.read(local), false);
      }
      LOG.info(
          "computing reference statistics of up to {} validation images into {}{}",
          numImages,
          store.root(),
          key);
      GaussianStatistics statistics = compute(data, extractor, imageSize, numImages, batchSize);
      FidStatisticsFile.write(local, statistics);
      try (InputStream in = Files.newInputStream(local)) {
        store.write(key, in);
      }
      return new Cached(key, statistics, true);
    } finally {
      Files.deleteIfExists(local);
    }
  }

  static GaussianStatistics compute(
      ValidationData data, FeatureExtractor extractor, int imageSize, int numImages, int batchSize)
      throws IOException {
    GaussianAccumulator accumulator =
        new GaussianAccumulator(extractor.description().featureDimension());
    int pixels = 3 * imageSize * imageSize;
    float[] batch = new float[batchSize * pixels];
    int filled = 0;
    int seen = 0;
    try (ValidationData.RecordStream records = data.stream();
        NDManager manager = NDManager.newBaseManager()) {
      while (seen < numImages && records.hasNext()) {
        ValidationRecord record = records.next();
        float[] image = ImageTensors.decodeChw(record.png(), imageSize, "validation data");
        System.arraycopy(image, 0, batch, filled * pixels, pixels);
        filled++;
        seen++;
        if (filled == batchSize || seen == numImages || !records.hasNext()) {
          float[] values =
              filled == batchSize ? batch : java.util.Arrays.copyOf(batch, filled * pixels);
          try (NDManager step = manager.newSubManager()) {
            Features features =
                extractor.extract(step.create(values, new Shape(filled, 3, imageSize, imageSize)));
            accumulator.add(features.rows());
          }
          filled = 0;
        }
      }
    }
    if (seen < 2) {
      throw new IllegalStateException(
          "the validation split has "
              + seen
              + " image(s); FID needs at least 2 (preprocess more validation images)");
    }
    if (seen < numImages) {
      LOG.warn(
          "the validation split has only {} images; reference statistics use all of them"
              + " instead of evaluation.numImages = {}",
          seen,
          numImages);
    }
    return accumulator.toStatistics();
  }
}
