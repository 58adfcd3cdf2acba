package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.xmcgan.experiment.manifest.ExperimentJson;
import io.xmcgan.experiment.status.ConditionType;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.operator.observe.HostileEndpoint;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.storage.testing.S3ProxyExtension;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator-level storage endpoint allow-list (docs/operations.md) on the mock API server: a
 * spec naming another endpoint is refused before the operator contacts it, and what an allowed
 * endpoint answers never reaches the status or an event.
 */
@EnableKubernetesMockClient(crud = true)
class StorageEndpointTest {

  @RegisterExtension final S3ProxyExtension s3 = new S3ProxyExtension();

  KubernetesClient client;
  private HostileEndpoint hostile;
  private StandaloneOperator operator;

  @BeforeEach
  void start() throws Exception {
    hostile = HostileEndpoint.start();
  }

  @AfterEach
  void stop() throws Exception {
    operator.close();
    hostile.close();
  }

  @Test
  void aSpecNamingAnEndpointOutsideTheListIsRefusedWithoutContactingIt() {
    operator = start(List.of(s3.endpoint(), "https://*.amazonaws.com"));
    create("refused", hostile.url());

    ExperimentStatus status =
        new Cluster(client)
            .awaitStatus("refused", "exp", s -> s.isConditionTrue(ConditionType.Stalled));

    Condition stalled = status.findCondition(ConditionType.Stalled).orElseThrow();
    assertThat(stalled.getReason()).isEqualTo(Reason.EndpointNotAllowed.name());
    assertThat(stalled.getMessage())
        .isEqualTo(
            "spec.storage.endpoint '"
                + hostile.url()
                + "' is not one of the storage endpoints this operator may contact"
                + " (xmcgan.operator.storage-endpoints: "
                + s3.endpoint()
                + ", https://*.amazonaws.com); use one of them, or ask the cluster administrator"
                + " to add it");
    assertThat(status.getMessage()).startsWith("The spec is invalid: spec.storage.endpoint '");
    assertThat(events("refused"))
        .extracting(Event::getReason)
        .containsExactly(Reason.EndpointNotAllowed.name());
    assertThat(client.batch().v1().jobs().inNamespace("refused").list().getItems()).isEmpty();
    assertThat(hostile.requests()).isZero();
  }

  @Test
  void anAllowedEndpointsAnswersNeverReachTheStatusOrEvents() {
    operator = start(List.of(s3.endpoint(), hostile.url()));
    hostile.s3Error(403, "AccessDenied");
    create("answers", hostile.url());

    ExperimentStatus status =
        new Cluster(client)
            .awaitStatus(
                "answers",
                "exp",
                s ->
                    s.findCondition(ConditionType.Reconciling)
                        .filter(c -> Reason.StorageUnavailable.name().equals(c.getReason()))
                        .isPresent());

    assertThat(status.findCondition(ConditionType.Reconciling).orElseThrow().getMessage())
        .isEqualTo(
            "access to s3://"
                + s3.bucket()
                + "/xmcgan/answers/exp/ at "
                + hostile.url()
                + " was denied (HTTP 403): check the keys 'accessKey' and 'secretKey' of"
                + " spec.storage.credentialsSecret and that they may read and write the bucket");
    assertThat(hostile.requests()).isPositive();
    assertThat(ExperimentJson.json().valueToTree(status).toString())
        .doesNotContain(HostileEndpoint.LEAK);
    assertThat(events("answers"))
        .allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(HostileEndpoint.LEAK));
  }

  private StandaloneOperator start(List<String> endpoints) {
    return StandaloneOperator.start(
        client,
        StandaloneOperator.Timings.TEST,
        new StandaloneOperator.Install(Set.of(), Optional.empty(), endpoints));
  }

  private void create(String namespace, String endpoint) {
    client.secrets().resource(Experiments.credentials(namespace)).create();
    client
        .resource(Experiments.experiment(namespace, "exp", Experiments.tiny(endpoint, s3.bucket())))
        .create();
  }

  private List<Event> events(String namespace) {
    return client.v1().events().inNamespace(namespace).list().getItems();
  }
}
