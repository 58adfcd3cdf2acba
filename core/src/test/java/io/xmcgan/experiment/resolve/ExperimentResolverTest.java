package io.xmcgan.experiment.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xmcgan.experiment.manifest.ExperimentManifest;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.spec.Augmentation;
import io.xmcgan.experiment.spec.BuiltinFeatureExtractor;
import io.xmcgan.experiment.spec.ImageEncoderSpec;
import io.xmcgan.experiment.spec.LossTermSpec;
import io.xmcgan.experiment.spec.LossesSpec;
import io.xmcgan.experiment.spec.ModelSpec;
import io.xmcgan.experiment.spec.Precision;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.experiment.validation.ExperimentValidator.Target;
import io.xmcgan.experiment.validation.InvalidExperimentException;
import io.xmcgan.experiment.validation.ManifestCorpus;
import io.xmcgan.storage.StorageLayout;
import org.junit.jupiter.api.Test;

class ExperimentResolverTest {

  private static ExperimentManifest corpus(String name) {
    return ExperimentManifests.read(
        ManifestCorpus.valid().stream()
            .filter(e -> e.name().equals(name))
            .findFirst()
            .orElseThrow()
            .text());
  }

  @Test
  void quickstartResolvesTinyPresetAt32PixelsWithDefaults() {
    ResolvedExperiment resolved =
        ExperimentResolver.resolve(corpus("quickstart.yaml"), Target.LOCAL);

    ModelConfig model = resolved.model();
    ChannelPlan plan = ChannelPlan.forImageSize(32);
    assertThat(model.preset()).isEqualTo("tiny");
    assertThat(model.imageSize()).isEqualTo(32);
    assertThat(model.generatorChannels()).isEqualTo(plan.generator());
    assertThat(model.discriminatorChannels()).isEqualTo(plan.discriminator());
    assertThat(model.discriminatorDownsample()).isEqualTo(plan.downsample());
    assertThat(model.gfDim()).isEqualTo(32);
    assertThat(model.losses().imageEncoder().enabled()).isFalse();

    assertThat(resolved.namespace()).isEqualTo("default");
    assertThat(resolved.data().source()).isEqualTo(ResolvedExperiment.Source.shapes(512, 7, 2, 3));
    assertThat(resolved.data().validationSource())
        .isEqualTo(ResolvedExperiment.Source.shapes(256, 8, 2, 3));
    assertThat(resolved.training())
        .isEqualTo(
            new ResolvedExperiment.Training(
                200,
                8,
                8,
                0,
                Precision.fp32,
                Augmentation.none,
                2,
                1e-4,
                4e-4,
                0.5,
                0.999,
                1e-8,
                0.999,
                100,
                5,
                42,
                200,
                null,
                60));
    assertThat(resolved.evaluation())
        .isEqualTo(
            new ResolvedExperiment.Evaluation(
                100, 256, 1, 10, false, BuiltinFeatureExtractor.SHAPES.id(), true, 0));
    assertThat(resolved.storage().experimentUri())
        .isEqualTo("file:///tmp/xmcgan-runs/shapes-tiny/");
  }

  @Test
  void overridesReplacePresetValuesAndKeepTheRest() {
    ExperimentManifest manifest = corpus("quickstart.yaml");
    ModelSpec model = manifest.spec().getModel();
    model.setGfDim(48);
    model.setZDim(16);
    LossesSpec losses = new LossesSpec();
    LossTermSpec word = new LossTermSpec();
    word.setEnabled(false);
    LossTermSpec sentence = new LossTermSpec();
    sentence.setWeight(2.5);
    LossTermSpec imageEncoder = new LossTermSpec();
    imageEncoder.setEnabled(true);
    losses.setWord(word);
    losses.setSentence(sentence);
    losses.setImageEncoder(imageEncoder);
    model.setLosses(losses);
    ImageEncoderSpec encoder = new ImageEncoderSpec();
    encoder.setUri("file:///weights/resnet50");
    manifest.spec().getTraining().setImageEncoder(encoder);

    ModelConfig resolved = ExperimentResolver.resolve(manifest, Target.LOCAL).model();

    ModelConfig tiny = ModelPresets.find("tiny").orElseThrow();
    assertThat(resolved.gfDim()).isEqualTo(48);
    assertThat(resolved.zDim()).isEqualTo(16);
    assertThat(resolved.dfDim()).isEqualTo(tiny.dfDim());
    assertThat(resolved.textDim()).isEqualTo(tiny.textDim());
    assertThat(resolved.losses().word()).isEqualTo(LossTerm.OFF);
    assertThat(resolved.losses().sentence()).isEqualTo(new LossTerm(true, 2.5));
    assertThat(resolved.losses().imageEncoder()).isEqualTo(LossTerm.ON);
    assertThat(resolved.losses().image()).isEqualTo(tiny.losses().image());
    assertThat(resolved.losses().temperature()).isEqualTo(tiny.losses().temperature());
  }

  @Test
  void imageSizeDefaultsToThePresets() {
    ExperimentManifest manifest = corpus("tiny-cluster.yaml");

    ResolvedExperiment resolved = ExperimentResolver.resolve(manifest, Target.CLUSTER);

    assertThat(resolved.model().imageSize()).isEqualTo(64);
    assertThat(resolved.data().imageSize()).isEqualTo(64);
    assertThat(resolved.training().checkpointEvery()).isEqualTo(1000);
    assertThat(resolved.storage().experimentUri())
        .isEqualTo("s3://xmcgan/xmcgan/research/shapes-tiny/");
    assertThat(resolved.storage().region()).isEqualTo("us-east-1");
    assertThat(resolved.storage().pathStyle()).isTrue();
  }

  @Test
  void referenceConfigurationMatchesTheSpecTables() {
    ResolvedExperiment resolved =
        ExperimentResolver.resolve(corpus("coco-128-full.yaml"), Target.CLUSTER);

    assertThat(resolved.model()).isEqualTo(ModelPresets.find("coco-128").orElseThrow());
    assertThat(resolved.data().source())
        .isEqualTo(
            ResolvedExperiment.Source.coco(
                "s3://coco/annotations/captions_train2014.json", "s3://coco/train2014"));
    assertThat(resolved.training().batchSize()).isEqualTo(56);
    assertThat(resolved.training().precision()).isEqualTo(Precision.tf32);
    assertThat(resolved.evaluation().featureExtractorUri()).isEqualTo("s3://weights/inception-v3");
    assertThat(resolved.training().gpusPerPod() * resolved.training().batchSizePerDevice())
        .isEqualTo(56);
    // restartNonce "1" names the run: its objects live under their own root
    assertThat(resolved.storage().experimentUri())
        .isEqualTo(
            "s3://xmcgan-runs/experiments/research/coco-128-reference/runs/"
                + StorageLayout.runId("1")
                + "/");
  }

  @Test
  void resolvedJsonReadsBackEqual() {
    for (String name :
        new String[] {"quickstart.yaml", "tiny-cluster.yaml", "coco-128-full.yaml"}) {
      ExperimentManifest manifest = corpus(name);
      Target target = name.startsWith("quickstart") ? Target.LOCAL : Target.CLUSTER;
      ResolvedExperiment resolved = ExperimentResolver.resolve(manifest, target);

      String json = resolved.toJson();

      assertThat(ResolvedExperiment.fromJson(json)).as(name).isEqualTo(resolved);
      assertThat(json).contains("\n  \"model\" : {");
    }
  }

  @Test
  void localRunWithoutStorageGetsAnAbsoluteFileRoot() {
    ExperimentManifest manifest = corpus("quickstart.yaml");
    manifest.spec().setStorage(null);

    ResolvedExperiment.Storage storage =
        ExperimentResolver.resolve(manifest, Target.LOCAL).storage();

    assertThat(storage.experimentUri()).startsWith("file:///").endsWith("/runs/shapes-tiny/");
  }

  @Test
  void invalidManifestIsRefusedWithEveryError() {
    ExperimentManifest manifest = corpus("quickstart.yaml");
    manifest.spec().getTraining().setBeta1(1.5);
    manifest.spec().getTraining().setKeepCheckpoints(0);

    assertThatThrownBy(() -> ExperimentResolver.resolve(manifest, Target.LOCAL))
        .isInstanceOf(InvalidExperimentException.class)
        .hasMessageContaining("spec.training.beta1: must be in [0, 1), got 1.5")
        .hasMessageContaining("spec.training.keepCheckpoints: must be >= 1, got 0");
  }

  @Test
  void resolvedJsonWithAnUnknownFieldIsRejected() {
    String json =
        ExperimentResolver.resolve(corpus("quickstart.yaml"), Target.LOCAL)
            .toJson()
            .replaceFirst("\\{", "{\"extra\": 1,");

    assertThatThrownBy(() -> ResolvedExperiment.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("extra");
  }

  @Test
  void aBuiltinValidationSourceTakesTheSourcesLayout() {
    ResolvedExperiment resolved =
        ExperimentResolver.resolve(
            ExperimentManifests.read(
                """
                apiVersion: xmcgan.io/v1alpha1
                kind: XmcganExperiment
                metadata: {name: one-shape}
                spec:
                  dataset:
                    source: {builtin: shapes, size: 64, seed: 3, maxShapes: 1, grid: 1}
                    imageSize: 32
                  model: {preset: tiny}
                  training: {steps: 10}
                """),
            ExperimentValidator.Target.LOCAL);
    assertThat(resolved.data().source()).isEqualTo(ResolvedExperiment.Source.shapes(64, 3, 1, 1));
    assertThat(resolved.data().validationSource())
        .isEqualTo(ResolvedExperiment.Source.shapes(256, 4, 1, 1));
  }

  @Test
  void withoutAnExtractorUriCocoStyleDataIsEvaluatedWithTheTinyExtractor() {
    ExperimentManifest manifest = corpus("coco-128-full.yaml");
    manifest.spec().getEvaluation().setFeatureExtractor(null);

    ResolvedExperiment resolved = ExperimentResolver.resolve(manifest, Target.CLUSTER);

    assertThat(resolved.evaluation().featureExtractorUri())
        .isEqualTo(BuiltinFeatureExtractor.TINY.id());
  }
}
