package io.xmcgan.evaluation;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.xmcgan.storage.StorageSettings;
import java.nio.file.Path;
import java.time.Clock;

/**
 * How the evaluator runs, beyond what the experiment says.
 *
 * @param device where the generator and the extractor run
 * @param batchSize images per generator and extractor forward
 * @param sampleImages images in the captioned sample grid
 * @param workDir scratch directory for downloaded modules and statistics files
 * @param storage settings for fetching an extractor from another S3 location
 * @param clock time of events and metrics
 */
public record EvaluatorSettings(
    Device device,
    int batchSize,
    int sampleImages,
    Path workDir,
    StorageSettings storage,
    Clock clock) {

  public static final int DEFAULT_BATCH_SIZE = 16;
  public static final int DEFAULT_SAMPLE_IMAGES = 16;

  public EvaluatorSettings {
    if (batchSize < 1 || sampleImages < 1) {
      throw new IllegalArgumentException(
          "batch size and sample images must be at least 1, got "
              + batchSize
              + " and "
              + sampleImages);
    }
  }

  /** The engine's default device (a GPU when there is one), batch 16, 16 samples. */
  public static EvaluatorSettings defaults(Path workDir, StorageSettings storage) {
    return new EvaluatorSettings(
        Engine.getEngine("PyTorch").defaultDevice(),
        DEFAULT_BATCH_SIZE,
        DEFAULT_SAMPLE_IMAGES,
        workDir,
        storage,
        Clock.systemUTC());
  }

  public EvaluatorSettings withDevice(Device device) {
    return new EvaluatorSettings(device, batchSize, sampleImages, workDir, storage, clock);
  }

  public EvaluatorSettings withBatchSize(int batchSize) {
    return new EvaluatorSettings(device, batchSize, sampleImages, workDir, storage, clock);
  }
}
