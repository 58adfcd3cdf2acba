package io.xmcgan.experiment.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.spec.OnBadInput;
import io.xmcgan.experiment.spec.PullPolicy;
import io.xmcgan.experiment.validation.InvalidExperimentException;
import io.xmcgan.experiment.validation.ManifestCorpus;
import io.xmcgan.experiment.validation.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentManifestsTest {

  private static String full() {
    return ManifestCorpus.valid().stream()
        .filter(e -> e.name().equals("coco-128-full.yaml"))
        .findFirst()
        .orElseThrow()
        .text();
  }

  private static JsonNode tree(String yamlOrJson) throws Exception {
    return ExperimentJson.yaml().readTree(yamlOrJson);
  }

  @Test
  void yamlRoundTripKeepsEveryField() throws Exception {
    ExperimentManifest manifest = ExperimentManifests.read(full());

    String yaml = ExperimentManifests.toYaml(manifest);

    assertThat(tree(yaml)).isEqualTo(tree(full()));
    assertThat(ExperimentManifests.toYaml(ExperimentManifests.read(yaml))).isEqualTo(yaml);
  }

  @Test
  void jsonRoundTripKeepsEveryField() throws Exception {
    ExperimentManifest manifest = ExperimentManifests.read(full());

    String json = ExperimentManifests.toJson(manifest);

    assertThat(tree(json)).isEqualTo(tree(full()));
    assertThat(ExperimentManifests.toJson(ExperimentManifests.read(json))).isEqualTo(json);
  }

  @Test
  void readsTypedValuesIncludingKubernetesTypes() {
    ExperimentSpec spec = ExperimentManifests.read(full()).spec();

    assertThat(spec.getModel().getZDim()).isNull();
    assertThat(spec.getTraining().getDStepsPerGStep()).isEqualTo(2);
    assertThat(spec.getTraining().getGeneratorLearningRate()).isEqualTo(1e-4);
    assertThat(spec.getDataset().getPreprocessing().getOnBadInput()).isEqualTo(OnBadInput.skip);
    assertThat(spec.getDataset().getPreprocessing().getResources().getRequests().get("memory"))
        .hasToString("8Gi");
    assertThat(spec.getScheduling().getTolerations().get(0).getEffect()).isEqualTo("NoSchedule");
    assertThat(spec.getScheduling().getImages().getPullPolicy()).isEqualTo(PullPolicy.IfNotPresent);
    assertThat(spec.getRunPolicy().getRestartNonce()).isEqualTo("1");
  }

  @Test
  void specWritersUseTheWireNames() throws Exception {
    ExperimentSpec spec = ExperimentManifests.read(full()).spec();

    JsonNode json = tree(ExperimentManifests.specToJson(spec));

    assertThat(json.path("training").has("dStepsPerGStep")).isTrue();
    assertThat(json.path("training").has("dstepsPerGStep")).isFalse();
    assertThat(
            ExperimentManifests.readSpec(ExperimentManifests.specToYaml(spec))
                .getTraining()
                .getSteps())
        .isEqualTo(369566);
  }

  @Test
  void everyUnknownFieldIsReportedWithItsFullPathAndTheKnownFields() {
    String text =
        """
        apiVersion: xmcgan.io/v1alpha1
        kind: XmcganExperiment
        metadata: {name: a, uid: x}
        spec:
          dataset: {source: {builtin: shapes}}
          model: {preset: tiny, losses: {wrod: {enabled: false}}}
          training: {steps: 10, batchSizePerGpu: 16, resources: {limit: {cpu: 1}}}
        """;

    assertThatThrownBy(() -> ExperimentManifests.read(text))
        .isInstanceOfSatisfying(
            InvalidExperimentException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::toString)
                    .containsExactlyInAnyOrder(
                        "metadata.uid: unknown field; known fields: annotations, labels, name,"
                            + " namespace",
                        "spec.model.losses.wrod: unknown field; known fields: image, imageEncoder,"
                            + " sentence, word",
                        "spec.training.batchSizePerGpu: unknown field; known fields: augmentation,"
                            + " batchSize,"
                            + " beta1, beta2, checkpointEvery, dStepsPerGStep,"
                            + " discriminatorLearningRate, emaDecay, generatorLearningRate,"
                            + " gpusPerPod, imageEncoder, keepCheckpoints, precision, resources, seed,"
                            + " steps, summaryEvery",
                        "spec.training.resources.limit: unknown field; known fields: claims,"
                            + " limits, requests"));
  }

  @Test
  void unknownEnumValueListsTheAcceptedOnes() {
    String text =
        """
        apiVersion: xmcgan.io/v1alpha1
        kind: XmcganExperiment
        metadata: {name: a}
        spec: {dataset: {source: {builtin: mnist}}}
        """;

    assertThatThrownBy(() -> ExperimentManifests.read(text))
        .hasMessageContaining("spec.dataset.source.builtin: must be one of shapes, got \"mnist\"");
  }

  @Test
  void readsFilesAndNamesThemInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "apiVersion: xmcgan.io/v1alpha1\nspec: {trainng: {}}\n");

    assertThatThrownBy(() -> ExperimentManifests.read(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("spec.trainng: unknown field");
  }
}
