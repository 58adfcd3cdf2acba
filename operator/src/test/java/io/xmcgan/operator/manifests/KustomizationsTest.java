package io.xmcgan.operator.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kustomization of the repository rendered as {@code kubectl apply -k} renders it: it builds,
 * each namespaced object says its namespace (the operator's in xmcgan-system), and every image is
 * pinned, the operator's and the stages' being the kustomization's {@code images:}. Skips when
 * kubectl is not installed.
 */
class KustomizationsTest {

  static final Path ROOT = Path.of("..");
  static final String OPERATOR_NAMESPACE = "xmcgan-system";
  static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding");
  static final Set<String> STAGE_IMAGE_VARIABLES =
      Set.of("XMCGAN_OPERATOR_TRAINER_IMAGE", "XMCGAN_OPERATOR_EVALUATOR_IMAGE");

  @BeforeAll
  static void needsKubectl() {
    Optional<String> unavailable = Kustomize.unavailable();
    assumeTrue(unavailable.isEmpty(), () -> "skipped: " + unavailable.orElseThrow());
  }

  static Stream<Path> kustomizations() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT.resolve("manifests"))) {
      List<Path> dirs =
          Stream.concat(files, Stream.of(ROOT.resolve("crds/kustomization.yaml")))
              .filter(p -> p.endsWith("kustomization.yaml"))
              .map(Path::getParent)
              .sorted()
              .toList();
      return dirs.stream();
    }
  }

  @Test
  void everyInstallIsFound() throws IOException {
    assertThat(kustomizations().map(d -> ROOT.relativize(d).toString().replace('\\', '/')))
        .contains(
            "manifests", "manifests/operator", "manifests/namespaced", "manifests/minio", "crds");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kustomizations")
  void rendersWithNamespacesAndPinnedImages(Path dir) throws Exception {
    List<JsonNode> objects = Kustomize.render(dir);

    assertThat(objects).isNotEmpty();
    for (JsonNode object : objects) {
      String kind = object.path("kind").asText();
      String name = object.path("metadata").path("name").asText();
      String namespace = object.path("metadata").path("namespace").asText("");
      if (CLUSTER_SCOPED.contains(kind)) {
        assertThat(namespace).as("%s %s is cluster-scoped", kind, name).isEmpty();
      } else {
        assertThat(namespace).as("the namespace of %s %s", kind, name).isNotEmpty();
      }
      Kustomize.containers(object)
          .forEach(
              c ->
                  assertThat(c.path("image").asText())
                      .as("the image of %s %s", kind, name)
                      .matches("[^:@]+(:[^:@/]+)?(@sha256:[0-9a-f]{64})?")
                      .containsAnyOf(":", "@")
                      .doesNotEndWith(":latest"));
    }
    if (objects.stream()
        .anyMatch(o -> isOperator(o) && o.path("kind").asText().equals("Deployment"))) {
      assertThat(objects.stream().filter(KustomizationsTest::isOperator))
          .allSatisfy(
              o -> {
                if (!CLUSTER_SCOPED.contains(o.path("kind").asText()) && !watchRole(o)) {
                  assertThat(o.path("metadata").path("namespace").asText())
                      .as(
                          "%s %s",
                          o.path("kind").asText(), o.path("metadata").path("name").asText())
                      .isEqualTo(OPERATOR_NAMESPACE);
                }
              });
      assertThat(images(objects))
          .isEqualTo(
              Map.of(
                  "operator", "ghcr.io/xmcgan/xmcgan-operator:0.1.0",
                  "XMCGAN_OPERATOR_TRAINER_IMAGE", "ghcr.io/xmcgan/xmcgan-trainer:0.1.0",
                  "XMCGAN_OPERATOR_EVALUATOR_IMAGE", "ghcr.io/xmcgan/xmcgan-evaluator:0.1.0"));
    }
  }

  @Test
  void theNamespacedInstallHasNoClusterWideRights() throws Exception {
    List<JsonNode> objects = Kustomize.render(ROOT.resolve("manifests/namespaced"));

    assertThat(objects)
        .extracting(o -> o.path("kind").asText())
        .doesNotContain("ClusterRole", "ClusterRoleBinding")
        .contains("Role", "RoleBinding", "Deployment");
    JsonNode deployment =
        objects.stream()
            .filter(o -> o.path("kind").asText().equals("Deployment"))
            .findFirst()
            .orElseThrow();
    String watched =
        Kustomize.containers(deployment)
            .flatMap(c -> Kustomize.stream(c.path("env")))
            .filter(e -> e.path("name").asText().equals("QUARKUS_OPERATOR_SDK_NAMESPACES"))
            .map(e -> e.path("value").asText())
            .findFirst()
            .orElseThrow();
    assertThat(
            objects.stream()
                .filter(o -> o.path("kind").asText().equals("Role") && watchRole(o))
                .map(o -> o.path("metadata").path("namespace").asText()))
        .containsExactlyInAnyOrder(watched.split(","));
  }

  @Test
  void anOverlaysImagesRenameTheOperatorAndTheStageImages(@TempDir Path overlay) throws Exception {
    Files.writeString(
        overlay.resolve("kustomization.yaml"),
        """
        resources:
          - %s
        images:
          - name: ghcr.io/xmcgan/xmcgan-operator
            newName: registry.example.com/ml/xmcgan-operator
            newTag: "7"
          - name: ghcr.io/xmcgan/xmcgan-trainer
            newName: registry.example.com/ml/xmcgan-trainer
            newTag: "7"
          - name: ghcr.io/xmcgan/xmcgan-evaluator
            newName: registry.example.com/ml/xmcgan-evaluator
            newTag: "7"
        """
            // kustomize takes relative paths only
            .formatted(
                overlay
                    .toAbsolutePath()
                    .relativize(ROOT.resolve("manifests").toAbsolutePath().normalize())));

    assertThat(images(Kustomize.render(overlay)))
        .isEqualTo(
            Map.of(
                "operator", "registry.example.com/ml/xmcgan-operator:7",
                "XMCGAN_OPERATOR_TRAINER_IMAGE", "registry.example.com/ml/xmcgan-trainer:7",
                "XMCGAN_OPERATOR_EVALUATOR_IMAGE", "registry.example.com/ml/xmcgan-evaluator:7"));
  }

  /** The operator container's image and the stage images it is told, by container or variable. */
  static Map<String, String> images(List<JsonNode> objects) {
    Map<String, String> images = new TreeMap<>();
    objects.stream()
        .filter(o -> isOperator(o) && o.path("kind").asText().equals("Deployment"))
        .flatMap(Kustomize::containers)
        .forEach(
            c -> {
              images.put(c.path("name").asText(), c.path("image").asText());
              Kustomize.stream(c.path("env"))
                  .filter(e -> STAGE_IMAGE_VARIABLES.contains(e.path("name").asText()))
                  .forEach(e -> images.put(e.path("name").asText(), e.path("value").asText()));
            });
    return images;
  }

  private static boolean isOperator(JsonNode object) {
    return "xmcgan-operator"
        .equals(object.path("metadata").path("labels").path("app.kubernetes.io/name").asText());
  }

  /** The namespaced install's Role and RoleBinding in a watched namespace. */
  private static boolean watchRole(JsonNode object) {
    return Set.of("Role", "RoleBinding").contains(object.path("kind").asText())
        && object.path("metadata").path("name").asText().equals("xmcgan-operator");
  }
}
