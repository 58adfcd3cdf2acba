package io.xmcgan.training;

import ai.djl.Device;
import io.xmcgan.storage.files.ProgressReport;
import java.util.List;
import java.util.OptionalLong;

/**
 * Callbacks of an in-process training run (the local runner draws progress bars and evaluates
 * checkpoints as they appear). They run on the training thread: keep them short.
 */
public interface TrainingListener {

  TrainingListener NONE = new TrainingListener() {};

  /**
   * @param resumedFrom the checkpoint step the run continues from, empty for a fresh start
   */
  default void onStart(
      long startStep, long totalSteps, OptionalLong resumedFrom, List<Device> devices) {}

  /** After every step. */
  default void onProgress(ProgressReport report) {}

  /** After a checkpoint became visible in storage. */
  default void onCheckpoint(long step, String location) {}
}
