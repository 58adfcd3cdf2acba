package io.xmcgan.experiment.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.dataset.DataSpec;
import io.xmcgan.experiment.manifest.ExperimentManifest;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.spec.BuiltinTextEncoder;
import io.xmcgan.experiment.validation.ExperimentValidator.Target;
import io.xmcgan.experiment.validation.ValidationReport;
import io.xmcgan.experiment.validation.Violation;
import org.junit.jupiter.api.Test;

/**
 * dataset.textEncoder.builtin: which encoder an experiment gets, the text width that follows it,
 * and the combinations the validator refuses.
 */
class TextEncoderChoiceTest {

  private static final String COCO =
      "    source: {captionsUri: \"s3://coco/captions_train.json\", imagesUri: \"s3://coco/train\"}\n"
          + "    validationSource: {captionsUri: \"s3://coco/captions_val.json\","
          + " imagesUri: \"s3://coco/val\"}\n";
  private static final String SHAPES = "    source: {builtin: shapes, size: 64}\n";

  private static ExperimentManifest manifest(String source, String encoder, String model) {
    return ExperimentManifests.read(
        """
        apiVersion: xmcgan.io/v1alpha1
        kind: XmcganExperiment
        metadata: {name: encoders}
        spec:
          dataset:
        %s%s    imageSize: 32
          model: {%s}
          training: {steps: 10, gpusPerPod: 0, imageEncoder: {uri: "file:///weights/resnet50.pt"}}
        """
            .formatted(
                source, encoder.isEmpty() ? "" : "    textEncoder: " + encoder + "\n", model));
  }

  private static ResolvedExperiment resolve(ExperimentManifest manifest) {
    return ExperimentResolver.resolve(manifest, Target.LOCAL);
  }

  @Test
  void cocoStyleSourcesDefaultToMiniLmAndTheTextWidthFollowsIt() {
    ResolvedExperiment tiny = resolve(manifest(COCO, "", "preset: tiny"));
    assertThat(tiny.data().textEncoderBuiltin()).isEqualTo("minilm-l6");
    assertThat(tiny.data().textEncoderUri()).isNull();
    assertThat(tiny.model().textDim()).isEqualTo(384);
    assertThat(DataSpec.of(tiny.data(), DataSpec.TRAIN).textEncoder())
        .isEqualTo("builtin:minilm-l6@1");

    ResolvedExperiment coco = resolve(manifest(COCO, "", "preset: coco-128"));
    assertThat(coco.model().textDim()).isEqualTo(384);
    ValidationReport report =
        ExperimentResolver.validate(manifest(COCO, "", "preset: coco-128"), Target.LOCAL);
    assertThat(report.warnings())
        .anySatisfy(
            w -> {
              assertThat(w.path()).isEqualTo("spec.dataset.textEncoder.uri");
              assertThat(w.message()).contains("minilm-l6 (384-d)").contains("BERT-base");
            });
  }

  @Test
  void theShapesDatasetKeepsItsTinyEncoderUnlessMiniLmIsNamed() {
    ResolvedExperiment shapes = resolve(manifest(SHAPES, "", "preset: tiny"));
    assertThat(shapes.data().textEncoderBuiltin()).isEqualTo("shapes-tiny");
    assertThat(shapes.model().textDim()).isEqualTo(64);
    assertThat(DataSpec.of(shapes.data(), DataSpec.TRAIN).textEncoder())
        .isEqualTo(DataSpec.BUILTIN_TEXT_ENCODER);

    ResolvedExperiment named = resolve(manifest(SHAPES, "{builtin: minilm-l6}", "preset: tiny"));
    assertThat(named.model().textDim()).isEqualTo(384);
    assertThat(named.data().builtinTextEncoder()).contains(BuiltinTextEncoder.MINILM_L6);
  }

  @Test
  void aUserEncoderKeepsThePresetWidthAndNoBuiltin() {
    ResolvedExperiment bert =
        resolve(manifest(COCO, "{uri: \"file:///weights/bert/encoder.pt\"}", "preset: coco-128"));
    assertThat(bert.data().textEncoderBuiltin()).isNull();
    assertThat(bert.data().builtinTextEncoder()).isEmpty();
    assertThat(bert.model().textDim()).isEqualTo(768);
  }

  @Test
  void resolvedJsonWithoutTheFieldMeansShapesTiny() {
    ResolvedExperiment shapes = resolve(manifest(SHAPES, "", "preset: tiny"));
    String old = shapes.toJson().replace("\"textEncoderBuiltin\" : \"shapes-tiny\",", "");
    assertThat(old).doesNotContain("textEncoderBuiltin");
    ResolvedExperiment read = ResolvedExperiment.fromJson(old);
    assertThat(read.data().builtinTextEncoder()).contains(BuiltinTextEncoder.SHAPES_TINY);
    assertThat(ResolvedExperiment.fromJson(shapes.toJson())).isEqualTo(shapes);
  }

  @Test
  void refusedCombinationsNameTheField() {
    assertThat(errors(manifest(COCO, "{builtin: bert}", "preset: tiny")))
        .containsExactly("spec.dataset.textEncoder.builtin");
    assertThat(
            errors(
                manifest(
                    COCO, "{builtin: minilm-l6, uri: \"file:///w/encoder.pt\"}", "preset: tiny")))
        .containsExactly("spec.dataset.textEncoder.builtin");
    assertThat(errors(manifest(COCO, "{vocabUri: \"file:///w/vocab.txt\"}", "preset: tiny")))
        .containsExactly("spec.dataset.textEncoder.vocabUri");
    assertThat(
            errors(
                manifest(
                    SHAPES,
                    "{builtin: shapes-tiny, vocabUri: \"file:///w/v.txt\"}",
                    "preset: tiny")))
        .isEmpty();
    assertThat(errors(manifest(COCO, "", "preset: tiny, textDim: 64")))
        .containsExactly("spec.model.textDim");
    assertThat(errors(manifest(COCO, "", "preset: tiny, textDim: 384"))).isEmpty();
    assertThat(
            errors(manifest(COCO, "{uri: \"file:///w/encoder.pt\"}", "preset: tiny, textDim: 128")))
        .isEmpty();
  }

  private static java.util.List<String> errors(ExperimentManifest manifest) {
    return ExperimentResolver.validate(manifest, Target.LOCAL).errors().stream()
        .map(Violation::path)
        .toList();
  }
}
