package io.xmcgan.cli;

import ai.djl.engine.Engine;
import io.xmcgan.dataset.DataReadiness;
import io.xmcgan.dataset.ShardEntry;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.preprocessing.BadInputException;
import io.xmcgan.preprocessing.Preprocessing;
import io.xmcgan.stage.Stage;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageSettings;
import io.xmcgan.training.CancellationToken;
import java.io.IOException;
import java.util.List;

/**
 * The preprocessing stage of a local run: every shard of both splits, one shard index at a time
 * (what the preprocess Job's pods do in parallel), unless the data manifests say the data for this
 * dataset spec is already complete. A cancellation stops between shards; shards are only counted
 * once their manifest entries exist, so a stopped stage never leaves data taken for complete.
 */
final class DataStage {

  private static final int BATCH_IMAGES = 32;

  private final ResolvedExperiment experiment;
  private final ObjectStore store;
  private final StorageSettings storage;
  private final LocalRunner.Settings settings;
  private final CancellationToken cancellation;

  DataStage(
      ResolvedExperiment experiment,
      ObjectStore store,
      StorageSettings storage,
      LocalRunner.Settings settings,
      CancellationToken cancellation) {
    this.experiment = experiment;
    this.store = store;
    this.storage = storage;
    this.settings = settings;
    this.cancellation = cancellation;
  }

  /** Returns false when cancelled before the data was complete. */
  boolean run() throws IOException, BadInputException {
    DataReadiness.Readiness readiness = DataReadiness.check(store, experiment.data());
    if (readiness.complete()) {
      settings.err().println("data: complete, preprocessing skipped (" + readiness.detail() + ")");
      return true;
    }
    int shards = experiment.data().shards();
    ProgressBar bar =
        new ProgressBar(
            settings.err(),
            settings.terminal(),
            settings.plainIntervalSeconds(),
            Stage.PREPROCESS.label());
    long started = System.nanoTime();
    long records = 0;
    Preprocessing.Options base =
        new Preprocessing.Options(
            0,
            Engine.getEngine("PyTorch").defaultDevice(),
            BATCH_IMAGES,
            settings.workDir().resolve("text-encoder"));
    bar.update(state(0, shards, records, started));
    for (int index = 0; index < shards; index++) {
      if (cancellation.isCancelled()) {
        bar.message("preprocessing stopped after " + index + " of " + shards + " shards");
        return false;
      }
      List<ShardEntry> written =
          Preprocessing.run(
              experiment,
              storage,
              new Preprocessing.Options(index, base.device(), base.batchImages(), base.workDir()));
      records += written.stream().mapToLong(ShardEntry::records).sum();
      bar.update(state(index + 1, shards, records, started));
    }
    bar.finish(state(shards, shards, records, started));
    DataReadiness.Readiness done = DataReadiness.check(store, experiment.data());
    if (!done.complete()) {
      throw new IllegalStateException(
          "preprocessing wrote every shard but the data is not complete: " + done.detail());
    }
    settings.err().println("data: " + done.detail());
    return true;
  }

  private static ProgressBar.State state(int done, int total, long records, long startedNanos) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    double rate = seconds > 0 ? records / seconds : 0;
    Long eta = done == 0 ? null : Math.round(seconds / done * (total - done));
    return new ProgressBar.State(done, total, records + " images", rate, "img/s", eta);
  }
}
