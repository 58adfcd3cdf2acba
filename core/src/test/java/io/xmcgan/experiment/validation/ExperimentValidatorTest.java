package io.xmcgan.experiment.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.experiment.manifest.ExperimentManifest;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.spec.RunPolicySpec;
import io.xmcgan.experiment.spec.StorageSpec;
import io.xmcgan.experiment.spec.TextEncoderSpec;
import io.xmcgan.experiment.spec.TrainingSpec;
import io.xmcgan.experiment.validation.ExperimentValidator.Target;
import org.junit.jupiter.api.Test;

class ExperimentValidatorTest {

  private static ExperimentManifest quickstart() {
    return ExperimentManifests.read(
        ManifestCorpus.valid().stream()
            .filter(e -> e.name().equals("quickstart.yaml"))
            .findFirst()
            .orElseThrow()
            .text());
  }

  private static ValidationReport validate(ExperimentManifest manifest) {
    return ExperimentResolver.validate(manifest, Target.LOCAL);
  }

  @Test
  void reportsEveryViolationAtOnceInPathMessageGotForm() {
    ExperimentManifest manifest = quickstart();
    TrainingSpec training = manifest.spec().getTraining();
    training.setBatchSize(0);
    training.setGeneratorLearningRate(-1e-4);
    training.setBeta2(1.0);
    manifest.spec().getModel().setPreset("coco-512");
    manifest.spec().getDataset().setImageSize(48);

    ValidationReport report = validate(manifest);

    assertThat(report.isValid()).isFalse();
    assertThat(report.errors())
        .extracting(Violation::toString)
        .containsExactlyInAnyOrder(
            "spec.model.preset: must be one of coco-128, coco-256, tiny, got \"coco-512\"",
            "spec.dataset.imageSize: must be one of 32, 64, 128, 256, got 48",
            "spec.training.batchSize: must be >= 1, got 0",
            "spec.training.generatorLearningRate: must be > 0, got -1.0E-4",
            "spec.training.beta2: must be in [0, 1), got 1.0");
  }

  @Test
  void batchSizeAboveTheGroupMustBeWholeGroupsPerDevice() {
    ExperimentManifest manifest = quickstart();

    manifest.spec().getTraining().setBatchSize(4);
    assertThat(validate(manifest).errors()).isEmpty();
    manifest.spec().getTraining().setBatchSize(16);
    assertThat(validate(manifest).errors()).isEmpty();
    manifest.spec().getTraining().setBatchSize(20);
    assertThat(validate(manifest).errors())
        .extracting(Violation::toString)
        .containsExactly(
            "spec.training.batchSize: gives 20 images per device; above 8 a device's share must be"
                + " a multiple of the contrastive group size 8, e.g. batchSize 16, got 20");
  }

  @Test
  void theGlobalBatchMustDivideByTheGpusAndTheMessageSaysHow() {
    ExperimentManifest manifest = quickstart();
    TrainingSpec training = manifest.spec().getTraining();
    training.setGpusPerPod(8);
    training.setBatchSize(60);
    assertThat(validate(manifest).errors())
        .extracting(Violation::toString)
        .containsExactly(
            "spec.training.batchSize: must divide by gpusPerPod=8: each GPU takes an equal share;"
                + " use 56 or 64, or change gpusPerPod, got 60");
    training.setBatchSize(64);
    assertThat(validate(manifest).errors()).isEmpty();
  }

  @Test
  void theCocoDefaultIsTheReferenceGlobalBatchOfFiftySix() {
    ExperimentManifest manifest = quickstart();
    manifest.spec().getModel().setPreset("coco-128");
    manifest.spec().getModel().getLosses();
    TrainingSpec training = manifest.spec().getTraining();
    training.setGpusPerPod(5);
    assertThat(validate(manifest).errors())
        .extracting(Violation::toString)
        .contains(
            "spec.training.batchSize: must divide by gpusPerPod=5 (the default for preset"
                + " coco-128): each GPU takes an equal share; use 55 or 60, or change gpusPerPod,"
                + " got 56");
  }

  @Test
  void clusterTargetRequiresBucketEndpointAndSecretButLocalDoesNot() {
    ExperimentManifest manifest = quickstart();
    StorageSpec storage = new StorageSpec();
    storage.setPrefix("runs");
    manifest.spec().setStorage(storage);

    assertThat(validate(manifest).errors()).isEmpty();
    assertThat(ExperimentResolver.validate(manifest, Target.CLUSTER).errors())
        .extracting(Violation::path)
        .containsExactly(
            "spec.storage.endpoint", "spec.storage.bucket", "spec.storage.credentialsSecret");
  }

  @Test
  void uriSchemesAreLimitedToS3AndAbsoluteFiles() {
    assertThat(ExperimentValidator.uriProblem("s3://coco/train2014")).isNull();
    assertThat(ExperimentValidator.uriProblem("file:///data/coco")).isNull();
    assertThat(ExperimentValidator.uriProblem("gs://coco/train")).contains("s3:// or file://");
    assertThat(ExperimentValidator.uriProblem("file:data/coco")).contains("file:///path");
    assertThat(ExperimentValidator.uriProblem("s3://Bad_Bucket/x")).contains("bucket");
    assertThat(ExperimentValidator.uriProblem("s3://a b")).contains("must be a URI");
  }

  @Test
  void maxTokensOtherThanTheReferenceIsOnlyAWarning() {
    ExperimentManifest manifest = quickstart();
    TextEncoderSpec encoder = new TextEncoderSpec();
    encoder.setMaxTokens(32);
    manifest.spec().getDataset().setTextEncoder(encoder);

    ValidationReport report = validate(manifest);

    assertThat(report.isValid()).isTrue();
    assertThat(report.warnings())
        .extracting(Violation::path)
        .containsExactly("spec.dataset.textEncoder.maxTokens");
    assertThat(report.describe()).startsWith("warning: spec.dataset.textEncoder.maxTokens");
  }

  @Test
  void textDimOverrideIsAllowedWithACustomEncoder() {
    ExperimentManifest manifest = quickstart();
    manifest.spec().getModel().setTextDim(128);
    assertThat(validate(manifest).errors())
        .extracting(Violation::path)
        .containsExactly("spec.model.textDim");

    TextEncoderSpec encoder = new TextEncoderSpec();
    encoder.setUri("file:///weights/encoder-128");
    manifest.spec().getDataset().setTextEncoder(encoder);

    assertThat(validate(manifest).errors()).isEmpty();
  }

  @Test
  void namesAreCheckedForLengthAndForm() {
    ExperimentManifest longName = ExperimentManifest.of("a".repeat(49), null, quickstart().spec());
    ExperimentManifest namespaced = ExperimentManifest.of("ok", "Bad.NS", quickstart().spec());

    assertThat(validate(longName).errors())
        .extracting(Violation::message)
        .containsExactly("must be at most 48 characters");
    assertThat(validate(namespaced).errors())
        .extracting(Violation::path)
        .containsExactly("metadata.namespace");
  }

  @Test
  void missingSectionsAreEachReported() {
    ValidationReport report = validate(ExperimentManifest.of("empty", null, new ExperimentSpec()));

    assertThat(report.errors())
        .extracting(Violation::path)
        .containsExactly("spec.model", "spec.dataset", "spec.training");
  }

  @Test
  void negativeDeadlinesAndBackoffAreRejected() {
    ExperimentManifest manifest = quickstart();
    RunPolicySpec policy = new RunPolicySpec();
    policy.setBackoffLimit(-1);
    policy.setStartupDeadlineSeconds(0L);
    policy.setTtlSecondsAfterFinished(-3L);
    manifest.spec().setRunPolicy(policy);

    assertThat(validate(manifest).errors())
        .extracting(Violation::toString)
        .containsExactly(
            "spec.runPolicy.backoffLimit: must be >= 0, got -1",
            "spec.runPolicy.startupDeadlineSeconds: must be >= 1, got 0",
            "spec.runPolicy.ttlSecondsAfterFinished: must be >= 0, got -3");
  }
}
