package io.xmcgan.experiment.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.xmcgan.experiment.admission.Admission;
import io.xmcgan.experiment.admission.Admission.Problem;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.manifest.ManifestParser;
import io.xmcgan.experiment.spec.ExperimentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD (crds/, what the API server admits: schema and CEL rules) and the Java validator (what
 * {@code xmcgan validate} and the operator refuse) agree case by case: on the manifest corpus, on
 * variations of a valid cluster manifest, and on updates of immutable fields. Both refuse or both
 * accept, at related field paths; the few rules only Java can check are listed with the reason.
 */
class AdmissionAgreementTest {

  private static final Admission ADMISSION = Admission.ofCommittedCrd();

  /**
   * Manifests only the validator refuses, and why the CRD cannot: these reach the operator, which
   * stalls them with reason InvalidSpec (docs/experiment-reference.md, "Validation at admission").
   */
  private static final Map<String, String> JAVA_ONLY =
      Map.of(
          "batch-size-not-group-multiple.yaml",
          "depends on the preset's contrastive group size (ModelPresets)",
          "batch-size-not-divisible-by-gpus.yaml",
          "depends on the preset's default batch size (ModelPresets)",
          "text-dim-without-encoder.yaml",
          "depends on the built-in encoders' widths (BuiltinTextEncoder)",
          "image-encoder-uri-missing.yaml",
          "depends on the preset's default losses (ModelPresets)",
          "a dotted name",
          "the API server's own name check allows a DNS subdomain; a DNS label needs a regex on"
              + " metadata.name, whose length the cost estimator cannot bound",
          "pod-env-duplicate",
          "uniqueness of env names needs a nested loop over unbounded strings",
          "pod-volume-mount-unknown-volume.yaml",
          "comparing unbounded names across two lists exceeds the cost budget",
          "node-selector-key-invalid",
          "map keys have no maxLength, so a regex on them exceeds the cost budget");

  /** The cluster storage a LOCAL corpus manifest gets, so that it is checked as in a cluster. */
  private static final String CLUSTER_STORAGE =
      "endpoint: 'http://minio.minio:9000'\nbucket: xmcgan\ncredentialsSecret: minio-credentials";

  static Stream<Arguments> corpus() {
    List<Arguments> cases = new ArrayList<>();
    for (ManifestCorpus.Entry entry : ManifestCorpus.valid()) {
      cases.add(Arguments.of(entry.name(), inCluster(entry)));
    }
    for (ManifestCorpus.Entry entry : ManifestCorpus.invalid()) {
      if (!List.of("apiVersion", "kind").contains(entry.expectedPath())) {
        cases.add(Arguments.of(entry.name(), inCluster(entry)));
      }
    }
    return cases.stream();
  }

  /** Variations of the valid cluster manifest: {@code spec} fragments merged into it. */
  static Stream<Arguments> variations() {
    return Stream.of(
            variation("every supported image size", "dataset: {imageSize: 128}"),
            variation("an unsupported image size", "dataset: {imageSize: 100}"),
            variation(
                "another preset",
                "model: {preset: coco-256}\ntraining: {imageEncoder: {uri: 's3://b-1/enc'}}"),
            variation("an unknown preset", "model: {preset: coco-64}"),
            variation("checkpointEvery above steps", "training: {checkpointEvery: 2000}"),
            variation(
                "evaluation.every not a multiple of checkpointEvery",
                "training: {checkpointEvery: 100}\nevaluation: {every: 150}"),
            variation(
                "evaluation.every a multiple of the default checkpointEvery",
                "evaluation: {every: 2000}"),
            variation(
                "inceptionSplits above numImages",
                "evaluation: {numImages: 10, inceptionSplits: 11}"),
            variation(
                "a built-in encoder and a URI",
                "dataset: {textEncoder: {builtin: shapes-tiny, uri: 's3://b-1/enc'}}"),
            variation(
                "a vocabulary with minilm-l6",
                "dataset: {textEncoder: {builtin: minilm-l6, vocabUri: 's3://b-1/vocab.txt'}}"),
            variation(
                "size with a URI source",
                "dataset: {source: {builtin: null, captionsUri: 's3://b-1/c', imagesUri: 's3://b-1/i',"
                    + " size: 3}, validationSource: {captionsUri: 's3://b-1/c', imagesUri:"
                    + " 's3://b-1/i'}}"),
            variation(
                "captionsUri without imagesUri",
                "dataset: {source: {builtin: null, captionsUri: 's3://b-1/c'}, validationSource:"
                    + " {captionsUri: 's3://b-1/c', imagesUri: 's3://b-1/i'}}"),
            variation(
                "a validation source with grid 1 inherits two shapes",
                "dataset: {validationSource: {builtin: shapes, grid: 1}}"),
            variation("storage uri and bucket", "storage: {uri: 's3://b-1/x'}"),
            variation("storage prefix from the root", "storage: {prefix: /runs}"),
            variation("storage without a bucket", "storage: {bucket: null}"),
            variation(
                "storage without a secret but a pod identity",
                "storage: {credentialsSecret: null}\npod: {serviceAccountName: trainer}"),
            variation(
                "a Secret name that is no DNS name", "storage: {credentialsSecret: Minio_Secret}"),
            variation(
                "toleration operators and effects",
                "scheduling: {tolerations: [{key: a, operator: Equal, value: b, effect: NoSchedule},"
                    + " {operator: Exists}]}"),
            variation(
                "a toleration with Exists and a value",
                "scheduling: {tolerations: [{key: a, operator: Exists, value: b}]}"),
            variation(
                "a toleration without key or Exists", "scheduling: {tolerations: [{value: b}]}"),
            variation(
                "an unknown toleration operator",
                "scheduling: {tolerations: [{key: a, operator: In}]}"),
            variation(
                "a priority class that is no DNS name",
                "scheduling: {priorityClassName: High_Prio}"),
            variation("a Kueue queue that is no DNS label", "scheduling: {queueName: team.a}"),
            variation("an image with a space", "scheduling: {images: {trainer: 'a b'}}"),
            variation(
                "a node selector value with a space", "scheduling: {nodeSelector: {zone: 'a b'}}"),
            variation("node-selector-key-invalid", "scheduling: {nodeSelector: {'a b': x}}"),
            variation(
                "a pod label value too long", "pod: {labels: {team: " + "a".repeat(64) + "}}"),
            variation(
                "the operator's env prefix", "pod: {env: [{name: XMCGAN_STEPS, value: '1'}]}"),
            variation(
                "pod-env-duplicate", "pod: {env: [{name: A, value: '1'}, {name: A, value: '2'}]}"),
            variation("a JVM option without a dash", "pod: {jvmOptions: [Xmx1g]}"),
            variation("shared memory of zero", "pod: {shmSize: 0Gi}"),
            variation(
                "a quantity with a decimal suffix",
                "training: {resources: {limits: {memory: 1.5G}}}"),
            variation(
                "a restartNonce of 64 characters",
                "runPolicy: {restartNonce: " + "n".repeat(64) + "}"),
            variation("a quoted integer", "training: {steps: '1000'}"),
            variation("a quoted boolean", "evaluation: {continuous: 'false'}"))
        .map(Arguments::of);
  }

  private static Object[] variation(String name, String specFragment) {
    ObjectNode manifest = base();
    merge((ObjectNode) manifest.get("spec"), yaml(specFragment));
    return new Object[] {name, manifest};
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void theCrdAndTheValidatorAgreeOnTheCorpus(String name, JsonNode manifest) {
    assertAgreement(name, manifest);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variations")
  void theCrdAndTheValidatorAgreeOnVariations(String name, JsonNode manifest) {
    assertAgreement(name, manifest);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void theCrdAndTheValidatorAgreeOnNames(String name, String metadataName) {
    ObjectNode manifest = base();
    ((ObjectNode) manifest.get("metadata")).put("name", metadataName);

    assertAgreement(name, manifest);
  }

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of("a 48-character name", "a".repeat(48)),
        Arguments.of("a 49-character name", "a".repeat(49)),
        Arguments.of("a dotted name", "shapes.tiny"));
  }

  static Stream<Arguments> updates() {
    return Stream.of(
        Arguments.of("a model change", "model: {gfDim: 64}", true),
        Arguments.of(
            "a model change with a new restartNonce",
            "model: {gfDim: 64}\nrunPolicy: {restartNonce: '2'}",
            false),
        Arguments.of("a dataset default written out", "dataset: {source: {size: 1024}}", true),
        Arguments.of("a new storage bucket", "storage: {bucket: other}", true),
        Arguments.of("a new storage prefix", "storage: {prefix: elsewhere}", true),
        Arguments.of("a new credentials Secret", "storage: {credentialsSecret: other}", false),
        Arguments.of("more training steps", "training: {steps: 5000}", false),
        Arguments.of("suspending", "runPolicy: {suspend: true}", false),
        Arguments.of("only a new restartNonce", "runPolicy: {restartNonce: '2'}", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updates")
  void immutableFieldsAreRefusedByBothUnlessTheRestartNonceChanges(
      String name, String specChange, boolean refused) {
    ObjectNode before = base();
    ((ObjectNode) before.get("spec")).set("runPolicy", yaml("restartNonce: '1'"));
    ObjectNode after = before.deepCopy();
    merge((ObjectNode) after.get("spec"), yaml(specChange));
    JsonNode stored = ADMISSION.defaulted(before);

    ExperimentSpec old = ExperimentManifests.read(stored.toString()).spec();
    ExperimentSpec now = ExperimentManifests.read(ADMISSION.defaulted(after).toString()).spec();
    boolean javaRefuses =
        !ImmutableFields.changed(old, now).isEmpty() && Objects.equals(nonce(old), nonce(now));
    List<Problem> crd = ADMISSION.update(stored, after);

    assertThat(javaRefuses).as("the validator refuses").isEqualTo(refused);
    assertThat(crd).as("the CRD's refusals").hasSize(refused ? 1 : 0);
    if (refused) {
      assertThat(ImmutableFields.changed(old, now))
          .allSatisfy(path -> assertThat(Admission.related(path, crd.get(0).path())).isTrue());
    }
  }

  private static String nonce(ExperimentSpec spec) {
    return spec.getRunPolicy() == null ? null : spec.getRunPolicy().getRestartNonce();
  }

  private static void assertAgreement(String name, JsonNode manifest) {
    List<String> java =
        ExperimentManifests.validate(manifest.toString(), name, ExperimentValidator.Target.CLUSTER)
            .errors()
            .stream()
            .map(Violation::path)
            .toList();
    List<Problem> crd = ADMISSION.create(manifest);

    if (JAVA_ONLY.containsKey(name)) {
      assertThat(java).as("the validator refuses %s", name).isNotEmpty();
      assertThat(crd).as("the CRD admits %s (%s)", name, JAVA_ONLY.get(name)).isEmpty();
      return;
    }
    assertThat(crd.isEmpty()).as("CRD %s, validator %s", crd, java).isEqualTo(java.isEmpty());
    for (Problem problem : crd) {
      assertThat(java)
          .as("a validator error related to the CRD's %s", problem)
          .anyMatch(path -> related(path, problem));
    }
    for (String path : java) {
      assertThat(crd)
          .as("a CRD refusal related to the validator's %s", path)
          .anyMatch(problem -> related(path, problem));
    }
  }

  /**
   * Whether a CRD refusal concerns the validator's path: the same field or one within the other. A
   * rule on the whole object (metadata.name's length) is reported at the object, its message naming
   * the field.
   */
  private static boolean related(String path, Problem problem) {
    return problem.path().equals("(root)")
        ? problem.message().startsWith(path + " ")
        : Admission.related(path, problem.path());
  }

  private static ObjectNode base() {
    return (ObjectNode)
        ManifestParser.parse(
            ManifestCorpus.valid().stream()
                .filter(e -> e.name().equals("tiny-cluster.yaml"))
                .findFirst()
                .orElseThrow()
                .text());
  }

  /** A corpus manifest as a cluster would get it: a LOCAL one gets cluster storage. */
  private static JsonNode inCluster(ManifestCorpus.Entry entry) {
    ObjectNode manifest = ManifestParser.parse(entry.text());
    JsonNode spec = manifest.get("spec");
    if (entry.target() == ExperimentValidator.Target.LOCAL && spec instanceof ObjectNode object) {
      object.set("storage", yaml(CLUSTER_STORAGE));
    }
    return manifest;
  }

  /** A YAML fragment (kubectl would read one starting with '{' as JSON). */
  private static JsonNode yaml(String fragment) {
    try {
      return new YAMLMapper().readTree(fragment);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(fragment, e);
    }
  }

  /** Merges {@code patch} into {@code target} as a JSON merge patch (null removes a field). */
  private static void merge(ObjectNode target, JsonNode patch) {
    patch
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode value = field.getValue();
              if (value.isNull()) {
                target.remove(field.getKey());
              } else if (value.isObject()
                  && target.get(field.getKey()) instanceof ObjectNode child) {
                merge(child, value);
              } else {
                target.set(field.getKey(), value.deepCopy());
              }
            });
  }
}
