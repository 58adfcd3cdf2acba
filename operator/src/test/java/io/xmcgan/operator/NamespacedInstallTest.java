package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus operator with the watched namespaces of manifests/namespaced/ (its
 * QUARKUS_OPERATOR_SDK_NAMESPACES, i.e. quarkus.operator-sdk.namespaces): it reconciles experiments
 * there and leaves every other namespace alone.
 */
@QuarkusTest
@TestProfile(NamespacedInstallTest.Namespaced.class)
@WithKubernetesTestServer(crud = true)
class NamespacedInstallTest {

  static final Path WATCHED = Path.of("../manifests/namespaced/watched-namespaces.yaml");
  static final String UNWATCHED = "elsewhere";

  /** The namespaced install's setting. */
  public static class Namespaced implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.operator-sdk.namespaces", watched());
    }
  }

  @Inject KubernetesClient client;

  @Test
  void reconcilesOnlyTheWatchedNamespaces() {
    String watched = watched();
    assertThat(watched).doesNotContain(",").isNotEqualTo(UNWATCHED);
    Cluster cluster = new Cluster(client);
    for (String namespace : new String[] {UNWATCHED, watched}) {
      client.secrets().resource(Experiments.credentials(namespace)).create();
      client
          .resource(
              Experiments.experiment(
                  namespace, "exp", Experiments.tiny("http://127.0.0.1:9", "bucket")))
          .create();
    }

    cluster.awaitStatus(watched, "exp", s -> s.getObservedGeneration() != null);
    await("the experiment in an unwatched namespace stays without status and Jobs")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                client
                            .resources(XmcganExperiment.class)
                            .inNamespace(UNWATCHED)
                            .withName("exp")
                            .get()
                            .getStatus()
                        == null
                    && cluster.jobs(UNWATCHED).isEmpty());
  }

  /** The value of QUARKUS_OPERATOR_SDK_NAMESPACES in manifests/namespaced/. */
  static String watched() {
    try {
      JsonNode deployment = new ObjectMapper(new YAMLFactory()).readTree(WATCHED.toFile());
      for (JsonNode container :
          deployment.path("spec").path("template").path("spec").path("containers")) {
        for (JsonNode env : container.path("env")) {
          if (env.path("name").asText().equals("QUARKUS_OPERATOR_SDK_NAMESPACES")) {
            return env.path("value").asText();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError(WATCHED + " sets no QUARKUS_OPERATOR_SDK_NAMESPACES");
  }
}
