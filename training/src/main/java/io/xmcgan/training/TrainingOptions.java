package io.xmcgan.training;

import ai.djl.Device;
import io.xmcgan.storage.StorageSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run a training call, beyond the experiment itself.
 *
 * @param listener progress and checkpoint callbacks
 * @param cancellation stops the run with a checkpoint when cancelled
 * @param devices the devices to train on; null: {@link io.xmcgan.engine.Devices#select} from the
 *     experiment
 * @param progressInterval how often {@code progress.json} is rewritten
 * @param decodeThreads threads decoding training examples
 * @param prefetchSteps complete steps the input pipeline keeps ready
 * @param shuffleBuffer records in the shuffle buffer (the reference's 1000)
 * @param workDir local scratch space (TensorBoard files before upload)
 * @param storageSettings used to read the frozen image encoder from its URI
 */
public record TrainingOptions(
    TrainingListener listener,
    CancellationToken cancellation,
    List<Device> devices,
    Duration progressInterval,
    int decodeThreads,
    int prefetchSteps,
    int shuffleBuffer,
    Path workDir,
    StorageSettings storageSettings) {

  public static final int SHUFFLE_BUFFER = 1000;

  /** Defaults for a pod or a local run: devices from the experiment, progress every 5 s. */
  public static TrainingOptions defaults(Path workDir) {
    return new TrainingOptions(
        TrainingListener.NONE,
        new CancellationToken(),
        null,
        Duration.ofSeconds(5),
        Math.max(2, Runtime.getRuntime().availableProcessors() / 2),
        2,
        SHUFFLE_BUFFER,
        workDir,
        StorageSettings.DEFAULTS);
  }

  public TrainingOptions withListener(TrainingListener value) {
    return new TrainingOptions(
        value,
        cancellation,
        devices,
        progressInterval,
        decodeThreads,
        prefetchSteps,
        shuffleBuffer,
        workDir,
        storageSettings);
  }

  public TrainingOptions withCancellation(CancellationToken value) {
    return new TrainingOptions(
        listener,
        value,
        devices,
        progressInterval,
        decodeThreads,
        prefetchSteps,
        shuffleBuffer,
        workDir,
        storageSettings);
  }

  TrainingOptions withDevices(List<Device> value) {
    return new TrainingOptions(
        listener,
        cancellation,
        value,
        progressInterval,
        decodeThreads,
        prefetchSteps,
        shuffleBuffer,
        workDir,
        storageSettings);
  }

  TrainingOptions withProgressInterval(Duration value) {
    return new TrainingOptions(
        listener,
        cancellation,
        devices,
        value,
        decodeThreads,
        prefetchSteps,
        shuffleBuffer,
        workDir,
        storageSettings);
  }

  public TrainingOptions withStorageSettings(StorageSettings value) {
    return new TrainingOptions(
        listener,
        cancellation,
        devices,
        progressInterval,
        decodeThreads,
        prefetchSteps,
        shuffleBuffer,
        workDir,
        value);
  }
}
