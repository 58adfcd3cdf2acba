package io.xmcgan.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xmcgan.evaluation.metrics.FidStatisticsFile;
import io.xmcgan.evaluation.metrics.GaussianStatistics;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.spec.BuiltinFeatureExtractor;
import io.xmcgan.storage.ObjectInfo;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.StorageSettings;
import io.xmcgan.storage.files.EvaluationMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One checkpoint evaluation writes the storage layout the operator, users and TensorBoard read. */
class CheckpointEvaluatorTest {

  @TempDir Path storage;
  @TempDir Path workDir;

  private ResolvedExperiment experiment;
  private ObjectStore store;

  @BeforeEach
  void setUp() throws Exception {
    experiment =
        EvalTestData.experiment(
            storage,
            """
            numImages: 24
            repeats: 2
            inceptionSplits: 3
            evaluateRaw: true
            """,
            30);
    store = ObjectStores.open(experiment.storage().experimentUri(), StorageSettings.DEFAULTS);
    EvalTestData.writeValidation(store, experiment, 20, 1);
    EvalTestData.writeCheckpoint(store, experiment.model(), 10, 7);
  }

  @AfterEach
  void tearDown() throws Exception {
    store.close();
  }

  @Test
  void writesMetricsSampleGridTensorBoardAndReferenceStatistics() throws Exception {
    EvaluationMetrics metrics;
    try (CheckpointEvaluator evaluator =
        new CheckpointEvaluator(experiment, store, EvalTestData.settings(workDir))) {
      assertThat(evaluator.pendingSteps()).containsExactly(10L);
      metrics = evaluator.evaluate(10);
      assertThat(evaluator.pendingSteps()).isEmpty();
    }

    EvaluationMetrics stored =
        EvaluationMetrics.fromJson(store.readBytes(StorageLayout.metrics(10)));
    assertThat(stored).isEqualTo(metrics);
    assertThat(stored.step()).isEqualTo(10);
    assertThat(stored.numImages()).isEqualTo(24);
    assertThat(stored.repeats()).isEqualTo(2);
    assertThat(stored.inceptionSplits()).isEqualTo(3);
    assertThat(stored.generator()).isEqualTo("ema");
    assertThat(stored.extractor().id()).isEqualTo(BuiltinFeatureExtractor.SHAPES.id());
    assertThat(stored.referenceImages()).isEqualTo(20);
    assertThat(stored.fid()).isPositive().isFinite();
    assertThat(stored.inceptionScore()).isBetween(1.0, 10.0);
    assertThat(stored.results())
        .extracting(EvaluationMetrics.GeneratorResult::generator)
        .containsExactly("ema", "raw");
    EvaluationMetrics.GeneratorResult ema = stored.results().get(0);
    assertThat(ema.fidPerRepeat()).hasSize(2);
    assertThat(ema.fid())
        .isCloseTo((ema.fidPerRepeat().get(0) + ema.fidPerRepeat().get(1)) / 2, within());
    assertThat(ema.fidStd())
        .isCloseTo(Math.abs(ema.fidPerRepeat().get(0) - ema.fidPerRepeat().get(1)) / 2, within());
    // Newly created networks have EMA-G equal to G, and both see the same captions and noise.
    assertThat(stored.results().get(1).fidPerRepeat()).isEqualTo(ema.fidPerRepeat());
    assertThat(stored.timings().imagesPerSecond()).isPositive();

    BufferedImage grid =
        ImageIO.read(new ByteArrayInputStream(store.readBytes(StorageLayout.sample(10))));
    int cell = SampleGrid.MIN_CELL + 8;
    assertThat(grid.getWidth()).isEqualTo(4 * cell);
    assertThat(grid.getHeight()).isGreaterThan(2 * cell).isLessThan(3 * cell + 200);

    List<ObjectInfo> events =
        store.list(StorageLayout.tensorboardDir(StorageLayout.TensorBoardRun.EVAL));
    assertThat(events).hasSize(1);
    assertThat(events.get(0).key()).contains("events.out.tfevents.").endsWith(".step-00000010");
    String eventText =
        new String(store.readBytes(events.get(0).key()), StandardCharsets.ISO_8859_1);
    assertThat(eventText)
        .contains("eval/fid", "eval/inception_score_std", "eval/raw_fid", "eval/samples");

    String statsKey = stored.referenceStatistics();
    assertThat(statsKey).startsWith(StorageLayout.DATA_STATS_DIR).endsWith("-32px-24.npz");
    Path local = workDir.resolve("stats.npz");
    Files.write(local, store.readBytes(statsKey));
    GaussianStatistics reference = FidStatisticsFile.read(local);
    assertThat(reference.dimension()).isEqualTo(64);
    assertThat(reference.sampleCount()).isEqualTo(OptionalLong.of(20));
  }

  @Test
  void evaluatingAgainGivesTheSameNumbersAndReusesTheCachedReferenceStatistics() throws Exception {
    EvaluationMetrics first;
    try (CheckpointEvaluator evaluator =
        new CheckpointEvaluator(experiment, store, EvalTestData.settings(workDir))) {
      first = evaluator.evaluate(10);
    }
    try (CheckpointEvaluator evaluator =
        new CheckpointEvaluator(experiment, store, EvalTestData.settings(workDir))) {
      assertThat(evaluator.evaluate(10).results()).isEqualTo(first.results());
    }

    // Shift the cached statistics far beyond the features' scale: a later evaluation must use the
    // file, not recompute it.
    Path local = workDir.resolve("shifted.npz");
    Files.write(local, store.readBytes(first.referenceStatistics()));
    GaussianStatistics cached = FidStatisticsFile.read(local);
    double[] shifted = cached.mean().clone();
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] += 1000.0;
    }
    FidStatisticsFile.write(
        local, new GaussianStatistics(shifted, cached.covariance(), cached.sampleCount()));
    store.writeBytes(first.referenceStatistics(), Files.readAllBytes(local));
    try (CheckpointEvaluator evaluator =
        new CheckpointEvaluator(experiment, store, EvalTestData.settings(workDir))) {
      assertThat(evaluator.evaluate(10).fid()).isGreaterThan(first.fid() + 10);
    }
  }

  @Test
  void aMissingCheckpointIsReportedWithTheCompleteOnes() throws Exception {
    try (CheckpointEvaluator evaluator =
        new CheckpointEvaluator(experiment, store, EvalTestData.settings(workDir))) {
      assertThatThrownBy(() -> evaluator.evaluate(20))
          .isInstanceOf(CheckpointNotFoundException.class)
          .hasMessageContaining("step 20")
          .hasMessageContaining("[10]");
    }
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
