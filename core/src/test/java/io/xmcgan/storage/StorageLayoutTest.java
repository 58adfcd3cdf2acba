package io.xmcgan.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageLayoutTest {

  @Test
  void experimentRootsFollowTheContract() {
    assertThat(StorageLayout.experimentRoot("s3://bucket/xmcgan", "team-a", "coco"))
        .isEqualTo("s3://bucket/xmcgan/team-a/coco/");
    assertThat(StorageLayout.experimentRoot("file:///data/runs/", "ignored", "coco"))
        .isEqualTo("file:///data/runs/coco/");
    assertThatThrownBy(() -> StorageLayout.experimentRoot("s3://b", "ns", "a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("experiment name 'a/b'");
  }

  @Test
  void eachRestartNonceGetsItsOwnRootBesideTheFirstRunsKeys() {
    assertThat(StorageLayout.runId(null)).isEqualTo(StorageLayout.FIRST_RUN);
    assertThat(StorageLayout.runId("")).isEqualTo(StorageLayout.FIRST_RUN);
    // the first 10 hex digits of SHA-256("larger-model"): stable across releases (Job labels)
    assertThat(StorageLayout.runId("larger-model")).isEqualTo("adce0df29d").hasSize(10);
    assertThat(StorageLayout.runId("larger model/2")).matches("[0-9a-f]{10}");
    assertThat(StorageLayout.runRoot("s3://b/p/ns/exp/", StorageLayout.FIRST_RUN))
        .isEqualTo("s3://b/p/ns/exp/");
    assertThat(StorageLayout.runRoot("s3://b/p/ns/exp/", "adce0df29d"))
        .isEqualTo("s3://b/p/ns/exp/runs/adce0df29d/");
  }

  @Test
  void keysUseZeroPaddedCountersSoThatKeyOrderIsNumericOrder() {
    assertThat(StorageLayout.dataShard("train", 3, 128))
        .isEqualTo("data/train-00003-of-00128.tfrecord");
    assertThat(StorageLayout.dataManifest("val")).isEqualTo("data/val.manifest.json");
    assertThat(StorageLayout.dataStats("val-inception.npz"))
        .isEqualTo("data/stats/val-inception.npz");
    assertThat(StorageLayout.checkpointDir(1500)).isEqualTo("checkpoints/step-00001500/");
    assertThat(StorageLayout.checkpointManifest(1500))
        .isEqualTo("checkpoints/step-00001500/MANIFEST.json");
    assertThat(StorageLayout.metrics(1500)).isEqualTo("metrics/step-00001500.json");
    assertThat(StorageLayout.sample(1500)).isEqualTo("samples/step-00001500.png");
    assertThat(StorageLayout.tensorboardDir(StorageLayout.TensorBoardRun.EVAL))
        .isEqualTo("tensorboard/eval/");
    assertThat(StorageLayout.tensorboardDir(StorageLayout.TensorBoardRun.TRAIN))
        .isEqualTo("tensorboard/train/");
    assertThat(StorageLayout.checkpointDir(99)).isLessThan(StorageLayout.checkpointDir(100));
  }

  @Test
  void stepsParseBackFromKeys() {
    assertThat(StorageLayout.checkpointStepOf("checkpoints/step-00001500/generator.params"))
        .hasValue(1500);
    assertThat(StorageLayout.checkpointStepOf("checkpoints/LATEST")).isEmpty();
    assertThat(StorageLayout.parseStepName("step-00000042.json")).hasValue(42);
    assertThat(StorageLayout.parseStepName("step-42")).isEmpty();
  }

  @Test
  void outOfRangeValuesAreRefused() {
    assertThatThrownBy(() -> StorageLayout.stepName(100_000_000L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("99999999");
    assertThatThrownBy(() -> StorageLayout.dataShard("train", 5, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StorageLayout.dataShard("Train/x", 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
