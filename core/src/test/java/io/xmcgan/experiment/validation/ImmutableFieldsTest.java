package io.xmcgan.experiment.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;

class ImmutableFieldsTest {

  private static ExperimentSpec spec() {
    return ExperimentManifests.read(
            ManifestCorpus.valid().stream()
                .filter(e -> e.name().equals("coco-128-full.yaml"))
                .findFirst()
                .orElseThrow()
                .text())
        .spec();
  }

  @Test
  void modelDatasetAndStorageLocationChangesAreReportedByPath() {
    ExperimentSpec before = spec();
    ExperimentSpec after = spec();
    after.getModel().setGfDim(64);
    after.getDataset().getSource().setImagesUri("s3://coco/train2017");
    after.getStorage().setBucket("other");

    assertThat(ImmutableFields.changed(before, after))
        .containsExactly(
            "spec.dataset.source.imagesUri", "spec.model.gfDim", "spec.storage.bucket");
  }

  @Test
  void evaluationSchedulingAndTrainingLengthChangesAreAllowed() {
    ExperimentSpec before = spec();
    ExperimentSpec after = spec();
    after.getTraining().setSteps(400000);
    after.getEvaluation().setNumImages(10000);
    after.getScheduling().setPriorityClassName("low");
    after.getStorage().setCredentialsSecret("rotated");
    after.getRunPolicy().setSuspend(true);

    assertThat(ImmutableFields.changed(before, after)).isEmpty();
  }

  @Test
  void pathsUnderImmutableSectionsAreImmutable() {
    assertThat(ImmutableFields.isImmutable("spec.model.losses.word.weight")).isTrue();
    assertThat(ImmutableFields.isImmutable("spec.dataset")).isTrue();
    assertThat(ImmutableFields.isImmutable("spec.storage.prefix")).isTrue();
    assertThat(ImmutableFields.isImmutable("spec.storage.credentialsSecret")).isFalse();
    assertThat(ImmutableFields.isImmutable("spec.modelx")).isFalse();
    assertThat(ImmutableFields.isImmutable("spec.training.steps")).isFalse();
  }
}
