package io.xmcgan.experiment.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.spec.Precision;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.experiment.validation.InvalidExperimentException;
import io.xmcgan.experiment.validation.ValidationReport;
import io.xmcgan.experiment.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How manifests are read, case by case, as kubectl and the API server read them: every problem is
 * reported once with its field path (or its line and column when the text does not parse), in the
 * one format {@code path: message, got value}.
 */
class ManifestReadingTest {

  private static final String HEAD =
      """
      apiVersion: xmcgan.io/v1alpha1
      kind: XmcganExperiment
      metadata:
        name: shapes-tiny
      spec:
        dataset:
          source:
            builtin: shapes
          imageSize: 32
        model:
          preset: tiny
      """;

  /** A valid manifest with {@code training} (indented by four spaces) appended. */
  private static String withTraining(String training) {
    return HEAD + "  training:\n" + training.indent(4);
  }

  static Stream<Arguments> problems() {
    return Stream.of(
        Arguments.of(
            "quoted integer",
            withTraining("steps: \"1000\""),
            List.of("spec.training.steps: must be an integer (without quotes), got \"1000\"")),
        Arguments.of(
            "quoted boolean",
            HEAD + "  training: {steps: 100}\n  evaluation:\n    continuous: \"false\"\n",
            List.of(
                "spec.evaluation.continuous: must be true or false (without quotes), got"
                    + " \"false\"")),
        Arguments.of(
            "numeric metadata.name",
            HEAD.replace("name: shapes-tiny", "name: 123") + "  training: {steps: 100}\n",
            List.of("metadata.name: must be a string (quote it), got 123")),
        Arguments.of(
            "integer beyond the int range",
            withTraining("steps: 99999999999"),
            List.of(
                "spec.training.steps: must be an integer from -2147483648 to 2147483647, got"
                    + " 99999999999")),
        Arguments.of(
            "integer beyond the long range",
            withTraining("steps: 100\nseed: 99999999999999999999"),
            List.of(
                "spec.training.seed: must be an integer from -9223372036854775808 to"
                    + " 9223372036854775807, got 99999999999999999999")),
        Arguments.of(
            ".nan and .inf name their fields",
            withTraining("steps: .inf\nbeta1: .nan\nbeta2: -.inf"),
            List.of(
                "spec.training.steps: must be an integer, got .inf",
                "spec.training.beta1: must be a finite number, got .nan",
                "spec.training.beta2: must be a finite number, got -.inf")),
        Arguments.of(
            "a fraction in an integer field",
            withTraining("steps: 12.5"),
            List.of("spec.training.steps: must be an integer, got 12.5")),
        Arguments.of(
            "quantities",
            withTraining(
                "steps: 100\nresources:\n  limits: {memory: 4GB, cpu: \"two\"}\n"
                    + "  requests: {memory: 1.5Gi, cpu: 500m, ephemeral-storage: 1e9}"),
            List.of(
                "spec.training.resources.limits.memory: must be a Kubernetes quantity: a number"
                    + " with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P or"
                    + " E (e.g. 4Gi, 500m, 2), got \"4GB\"",
                "spec.training.resources.limits.cpu: must be a Kubernetes quantity: a number with"
                    + " an optional suffix Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P or E"
                    + " (e.g. 4Gi, 500m, 2), got \"two\"")),
        Arguments.of(
            "label values",
            HEAD.replace("name: shapes-tiny", "name: shapes-tiny\n  labels: {team: \"a b\"}")
                + "  training: {steps: 100}\n  pod:\n    labels: {cost-centre: 42}\n",
            List.of(
                "spec.pod.labels.cost-centre: must be a string (quote it), got 42",
                "metadata.labels.team: must be a label value (<= 63 chars), got \"a b\"")),
        Arguments.of(
            "an enum value",
            withTraining("steps: 100\nprecision: fp64"),
            List.of("spec.training.precision: must be one of fp32, tf32, bf16, got \"fp64\"")),
        Arguments.of(
            "a map where a number belongs, and a list where a map belongs",
            withTraining("steps: {value: 1}\nresources: [1, 2]"),
            List.of(
                "spec.training.steps: must be an integer, got {\"value\":1}",
                "spec.training.resources: must be a map of fields, got [1,2]")),
        Arguments.of(
            "type errors, unknown fields and value errors are all listed",
            withTraining("steps: \"1000\"\nbatchSize: 0\nbeta1: \"0.5\"\nstep: 3"),
            List.of(
                "spec.training.steps: must be an integer (without quotes), got \"1000\"",
                "spec.training.beta1: must be a number (without quotes), got \"0.5\"",
                "spec.training.step: unknown field; known fields: augmentation, batchSize, beta1, beta2,"
                    + " checkpointEvery, dStepsPerGStep, discriminatorLearningRate, emaDecay,"
                    + " generatorLearningRate, gpusPerPod, imageEncoder, keepCheckpoints,"
                    + " precision, resources, seed, steps, summaryEvery",
                "spec.training.batchSize: must be >= 1, got 0")),
        Arguments.of(
            "JSON with a trailing comma",
            "{\"apiVersion\": \"xmcgan.io/v1alpha1\",\n \"kind\": \"XmcganExperiment\",\n}\n",
            List.of(
                "line 3, column 1: not valid JSON: Unexpected character ('}' (code 125)): was"
                    + " expecting double-quote to start field name")),
        Arguments.of(
            "a JSON list",
            "[{\"apiVersion\": \"xmcgan.io/v1alpha1\"}]",
            List.of("(document): expected one YAML object (an XmcganExperiment), got a list")),
        Arguments.of(
            "YAML that does not parse names its line",
            HEAD + "  training:\n    steps: 100\n   batchSize: 8\n",
            List.of(
                "line 14, column 4: not valid YAML: while parsing a block mapping: expected <block"
                    + " end>, but found '<block mapping start>'")),
        Arguments.of(
            "a duplicate key",
            HEAD + "  training: {steps: 100}\n  model: {preset: tiny}\n",
            List.of("line 13, column 3: not valid YAML: duplicate key \"model\"")),
        Arguments.of(
            "two documents",
            HEAD + "  training: {steps: 100}\n---\n" + HEAD,
            List.of(
                "line 14, column 1: expected one YAML object (an XmcganExperiment),"
                    + " got 2 documents: give each experiment its own file")),
        Arguments.of(
            "an alias bomb",
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                + "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
            List.of(
                "(document): not valid YAML: aliases expand to more than 10000 values (an alias"
                    + " bomb?)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void everyProblemIsListedOnceWithItsPath(String name, String text, List<String> expected) {
    ValidationReport report =
        ExperimentManifests.validate(text, "exp.yaml", ExperimentValidator.Target.LOCAL);

    assertThat(report.errors()).extracting(Violation::toString).containsExactlyElementsOf(expected);
  }

  @Test
  void readRefusesTypeErrorsNamingTheSource() {
    assertThatThrownBy(() -> ExperimentManifests.read(withTraining("steps: \"1\""), "exp.yaml"))
        .isInstanceOf(InvalidExperimentException.class)
        .hasMessage(
            "invalid experiment exp.yaml:\n"
                + "  spec.training.steps: must be an integer (without quotes), got \"1\"");
  }

  @Test
  void aliasesAndMergeKeysAreResolvedAsKubectlResolvesThem() {
    ExperimentSpec spec =
        ExperimentManifests.read(
                withTraining(
                        "steps: 100\n"
                            + "resources: &r\n  requests: &q {cpu: 500m}\n"
                            + "imageEncoder: {uri: \"file:///enc\"}")
                    + "  evaluation:\n    resources: *r\n"
                    + "  scheduling:\n    nodeSelector:\n      <<: *q\n      zone: a\n")
            .spec();

    assertThat(spec.getEvaluation().getResources()).isEqualTo(spec.getTraining().getResources());
    assertThat(spec.getScheduling().getNodeSelector()).containsEntry("cpu", "500m");
    assertThat(spec.getScheduling().getNodeSelector()).containsEntry("zone", "a");
  }

  @Test
  void yamlOneOneBooleansAndAClosingDocumentMarkerAreRead() {
    ExperimentManifest manifest =
        ExperimentManifests.read(
            HEAD
                + "  training: {steps: 100}\n  evaluation: {continuous: yes, evaluateRaw: off}\n---\n");

    assertThat(manifest.spec().getEvaluation().getContinuous()).isTrue();
    assertThat(manifest.spec().getEvaluation().getEvaluateRaw()).isFalse();
  }

  @Test
  void jsonIsReadAsJson() {
    ExperimentManifest manifest =
        ExperimentManifests.read(
            "{\"apiVersion\": \"xmcgan.io/v1alpha1\", \"kind\": \"XmcganExperiment\","
                + " \"metadata\": {\"name\": \"a\"}, \"spec\": {\"training\": {\"steps\": 5}}}");

    assertThat(manifest.spec().getTraining().getSteps()).isEqualTo(5);
  }

  @Test
  void fileThatIsNotUtf8NamesTheFileLineColumnAndBytes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.yaml");
    Files.write(
        file,
        (HEAD + "  training: {steps: 100}\n  pod:\n    annotations: {owner: José}\n")
            .getBytes(StandardCharsets.ISO_8859_1));

    ValidationReport report = ExperimentManifests.validate(file, ExperimentValidator.Target.LOCAL);

    assertThat(report.errors())
        .extracting(Violation::toString)
        .containsExactly(
            "line 14, column 29: not valid UTF-8: byte 0xE9 does not form a UTF-8 character (the"
                + " file looks like Latin-1 or Windows-1252); save it as UTF-8");
    assertThatThrownBy(() -> ExperimentManifests.read(file))
        .hasMessageStartingWith("invalid experiment " + file + ":\n  line 14, column 29:");
  }

  @Test
  void parseErrorsNameTheFileNotTheReader(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "apiVersion: xmcgan.io/v1alpha1\nkind: [\n");

    assertThatThrownBy(() -> ExperimentManifests.read(file))
        .hasMessageStartingWith("invalid experiment " + file + ":\n  line 3, column 1:")
        .hasMessageNotContaining("reader");
  }

  @Test
  void everyOffendingValueIsWrittenTheSameWay() {
    assertThat(Violation.show("a \"b\"")).isEqualTo("\"a \\\"b\\\"\"");
    assertThat(Violation.show(12)).isEqualTo("12");
    assertThat(Violation.show(Double.NaN)).isEqualTo(".nan");
    assertThat(Violation.show(Precision.bf16)).isEqualTo("\"bf16\"");
    assertThat(Violation.show("x".repeat(100))).hasSize(Violation.MAX_SHOWN_LENGTH).endsWith("…");
    assertThat(Violation.show(null)).isNull();
  }
}
