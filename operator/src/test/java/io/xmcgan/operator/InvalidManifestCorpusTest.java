package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xmcgan.experiment.manifest.ExperimentManifest;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.status.ConditionType;
import io.xmcgan.experiment.validation.ManifestCorpus;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every invalid manifest of core's corpus whose types are right (the API server rejects bad
 * apiVersion, kind, metadata and types itself) ends Stalled with reason InvalidSpec, naming the
 * field in error, and creates no child. The mock API server does not run the CRD's rules, which
 * refuse most of these at admission (core's AdmissionAgreementTest): this is the operator's own
 * check, which covers the rules only the validator has and objects stored before the rules.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class InvalidManifestCorpusTest {

  static final String NAMESPACE = "corpus";

  @Inject KubernetesClient client;

  @Test
  void everyInvalidManifestStallsNamingTheField() {
    Map<String, String> expected = new LinkedHashMap<>();
    List<String> rejectedByApiServer = new ArrayList<>();
    for (ManifestCorpus.Entry entry : ManifestCorpus.invalid()) {
      String path = entry.expectedPath();
      ExperimentManifest manifest;
      try {
        manifest = ExperimentManifests.read(entry.text(), entry.name());
      } catch (RuntimeException schemaLevel) {
        rejectedByApiServer.add(entry.name());
        continue;
      }
      if (path.startsWith("metadata") || path.equals("apiVersion") || path.equals("kind")) {
        rejectedByApiServer.add(entry.name());
        continue;
      }
      String name = entry.name().replace(".yaml", "");
      client.resource(Experiments.experiment(NAMESPACE, name, manifest.spec())).create();
      expected.put(name, path);
    }
    assertThat(expected)
        .as("manifests the operator sees (skipped: %s)", rejectedByApiServer)
        .hasSizeGreaterThanOrEqualTo(20);

    expected.forEach(
        (name, path) -> {
          XmcganExperiment stalled =
              await()
                  .atMost(Duration.ofSeconds(20))
                  .until(
                      () ->
                          client
                              .resources(XmcganExperiment.class)
                              .inNamespace(NAMESPACE)
                              .withName(name)
                              .get(),
                      e ->
                          e.getStatus() != null
                              && e.getStatus().isConditionTrue(ConditionType.Stalled));
          var condition = stalled.getStatus().findCondition(ConditionType.Stalled).orElseThrow();
          assertThat(condition.getReason()).as(name).isEqualTo("InvalidSpec");
          assertThat(condition.getMessage()).as(name).contains(path);
          assertThat(stalled.getStatus().getObservedGeneration()).as(name).isEqualTo(1L);
        });
    assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    String first = expected.keySet().iterator().next();
    assertThat(
            client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(first))
                .filter(e -> e.getReason().equals("InvalidSpec")))
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }
}
