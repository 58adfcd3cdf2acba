package io.xmcgan.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.StorageSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watch mode against a simulated trainer: each poll's sleep publishes the next checkpoint, as a
 * trainer running alongside would.
 */
class EvaluationWatcherTest {

  private static final String EVALUATION =
      """
      numImages: 16
      repeats: 1
      inceptionSplits: 2
      """;

  @TempDir Path storage;
  @TempDir Path workDir;

  private ObjectStore store;

  @AfterEach
  void tearDown() throws Exception {
    if (store != null) {
      store.close();
    }
  }

  private ResolvedExperiment open(String evaluation) throws Exception {
    ResolvedExperiment experiment = EvalTestData.experiment(storage, evaluation, 30);
    store = ObjectStores.open(experiment.storage().experimentUri(), StorageSettings.DEFAULTS);
    EvalTestData.writeValidation(store, experiment, 12, 3);
    return experiment;
  }

  /** A trainer that publishes one checkpoint per poll, then stops; it counts the polls. */
  private final class SimulatedTrainer implements EvaluationWatcher.Sleeper {
    private final ResolvedExperiment experiment;
    private final Deque<Long> steps;
    int polls;
    final List<Integer> metricsFilesAtPolls = new java.util.ArrayList<>();

    SimulatedTrainer(ResolvedExperiment experiment, Long... steps) {
      this.experiment = experiment;
      this.steps = new ArrayDeque<>(List.of(steps));
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      polls++;
      if (polls > 20) {
        throw new IllegalStateException("the watcher did not finish after 20 polls");
      }
      try {
        metricsFilesAtPolls.add(store.list(StorageLayout.METRICS_DIR).size());
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      Long step = steps.poll();
      if (step != null) {
        try {
          EvalTestData.writeCheckpoint(store, experiment.model(), step, step);
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Test
  void evaluatesEachCheckpointOnceAsItAppearsAndExitsWhenTheFinalOneIsDone() throws Exception {
    ResolvedExperiment experiment = open(EVALUATION);
    SimulatedTrainer trainer = new SimulatedTrainer(experiment, 10L, 20L, 30L);
    try (CheckpointEvaluator evaluator =
        new CheckpointEvaluator(experiment, store, EvalTestData.settings(workDir))) {
      EvaluationWatcher.Outcome outcome =
          new EvaluationWatcher(evaluator, Duration.ofSeconds(30), trainer).run();
      assertThat(outcome.evaluated()).containsExactly(10L, 20L, 30L);
      assertThat(outcome.skipped()).isEmpty();
    }
    assertThat(trainer.metricsFilesAtPolls).containsExactly(0, 1, 2);
    for (long step : List.of(10L, 20L, 30L)) {
      assertThat(store.exists(StorageLayout.metrics(step))).isTrue();
      assertThat(store.exists(StorageLayout.sample(step))).isTrue();
    }
    assertThat(store.list(StorageLayout.tensorboardDir(StorageLayout.TensorBoardRun.EVAL)))
        .hasSize(3);
  }

  @Test
  void aRestartedWatcherDoesNotRepeatWhatIsDone() throws Exception {
    ResolvedExperiment experiment = open(EVALUATION);
    EvalTestData.writeCheckpoint(store, experiment.model(), 10, 10);
    // The first watcher evaluates step 10, then its pod dies while waiting for more.
    try (CheckpointEvaluator evaluator =
        new CheckpointEvaluator(experiment, store, EvalTestData.settings(workDir))) {
      EvaluationWatcher.Sleeper crash =
          duration -> {
            throw new IllegalStateException("pod killed");
          };
      assertThatThrownBy(() -> new EvaluationWatcher(evaluator, Duration.ZERO, crash).run())
          .hasMessage("pod killed");
    }
    byte[] firstMetrics = store.readBytes(StorageLayout.metrics(10));

    EvalTestData.writeCheckpoint(store, experiment.model(), 20, 20);
    SimulatedTrainer trainer = new SimulatedTrainer(experiment, 30L);
    try (CheckpointEvaluator evaluator =
        new CheckpointEvaluator(experiment, store, EvalTestData.settings(workDir))) {
      EvaluationWatcher.Outcome outcome =
          new EvaluationWatcher(evaluator, Duration.ZERO, trainer).run();
      assertThat(outcome.evaluated()).containsExactly(20L, 30L);
    }
    assertThat(store.readBytes(StorageLayout.metrics(10))).isEqualTo(firstMetrics);

    // Once everything is done, a new watcher exits at once without evaluating anything.
    try (CheckpointEvaluator evaluator =
        new CheckpointEvaluator(experiment, store, EvalTestData.settings(workDir))) {
      EvaluationWatcher.Outcome outcome =
          new EvaluationWatcher(evaluator, Duration.ZERO, new SimulatedTrainer(experiment)).run();
      assertThat(outcome.evaluated()).isEmpty();
    }
  }

  @Test
  void progressReportingTheLastStepAlsoEndsTheWatchAndEveryIsHonoured() throws Exception {
    ResolvedExperiment experiment = open("every: 20\n" + EVALUATION);
    EvalTestData.writeCheckpoint(store, experiment.model(), 10, 10);
    EvalTestData.writeCheckpoint(store, experiment.model(), 20, 20);
    store.writeBytes(
        StorageLayout.PROGRESS,
        "{\"step\": 30, \"totalSteps\": 30}".getBytes(StandardCharsets.UTF_8));
    try (CheckpointEvaluator evaluator =
        new CheckpointEvaluator(experiment, store, EvalTestData.settings(workDir))) {
      EvaluationWatcher.Outcome outcome =
          new EvaluationWatcher(evaluator, Duration.ZERO, new SimulatedTrainer(experiment)).run();
      assertThat(outcome.evaluated()).containsExactly(20L);
    }
    assertThat(store.exists(StorageLayout.metrics(10))).isFalse();
  }

  @Test
  void afterTrainingOnlyModeWaitsForTheEndThenEvaluatesEveryKeptCheckpoint() throws Exception {
    ResolvedExperiment experiment = open("continuous: false\n" + EVALUATION);
    EvalTestData.writeCheckpoint(store, experiment.model(), 10, 10);
    SimulatedTrainer trainer = new SimulatedTrainer(experiment, 20L, 30L);
    try (CheckpointEvaluator evaluator =
        new CheckpointEvaluator(experiment, store, EvalTestData.settings(workDir))) {
      EvaluationWatcher.Outcome outcome =
          new EvaluationWatcher(evaluator, Duration.ZERO, trainer).run();
      assertThat(outcome.evaluated()).containsExactly(10L, 20L, 30L);
    }
    assertThat(trainer.metricsFilesAtPolls).containsExactly(0, 0);
  }

  @Test
  void aCheckpointDeletedByRetentionWhileBeingLoadedIsSkippedAndTheWatchStillEnds()
      throws Exception {
    ResolvedExperiment experiment = open(EVALUATION);
    EvalTestData.writeCheckpoint(store, experiment.model(), 10, 10);
    EvalTestData.writeCheckpoint(store, experiment.model(), 30, 30);
    ObjectStore racing = new RetentionRacingStore(store, 10);
    try (CheckpointEvaluator evaluator =
        new CheckpointEvaluator(experiment, racing, EvalTestData.settings(workDir))) {
      EvaluationWatcher.Outcome outcome =
          new EvaluationWatcher(evaluator, Duration.ZERO, new SimulatedTrainer(experiment)).run();
      assertThat(outcome.evaluated()).containsExactly(30L);
      assertThat(outcome.skipped()).containsExactly(10L);
    }
    assertThat(store.exists(StorageLayout.metrics(10))).isFalse();
  }

  /** The trainer's retention deleting one checkpoint just as the evaluator starts reading it. */
  private static final class RetentionRacingStore implements ObjectStore {
    private final ObjectStore delegate;
    private final long step;

    RetentionRacingStore(ObjectStore delegate, long step) {
      this.delegate = delegate;
      this.step = step;
    }

    @Override
    public java.net.URI root() {
      return delegate.root();
    }

    @Override
    public java.io.InputStream read(String key) throws java.io.IOException {
      if (key.equals(StorageLayout.checkpointFile(step, CheckpointNetworks.FILE))) {
        delegate.deleteAll(StorageLayout.checkpointDir(step));
      }
      return delegate.read(key);
    }

    @Override
    public io.xmcgan.storage.PendingObject create(String key) throws java.io.IOException {
      return delegate.create(key);
    }

    @Override
    public java.util.Optional<io.xmcgan.storage.ObjectInfo> stat(String key)
        throws java.io.IOException {
      return delegate.stat(key);
    }

    @Override
    public List<io.xmcgan.storage.ObjectInfo> list(String prefix) throws java.io.IOException {
      return delegate.list(prefix);
    }

    @Override
    public void delete(String key) throws java.io.IOException {
      delegate.delete(key);
    }

    @Override
    public void close() {}
  }
}
