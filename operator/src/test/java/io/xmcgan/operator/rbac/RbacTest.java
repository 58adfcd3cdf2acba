package io.xmcgan.operator.rbac;

import static java.util.stream.Collectors.toCollection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.spec.RunPolicySpec;
import io.xmcgan.experiment.spec.ServingSpec;
import io.xmcgan.experiment.status.ConditionType;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.Cluster;
import io.xmcgan.operator.Experiments;
import io.xmcgan.operator.LeaderElection;
import io.xmcgan.operator.StandaloneOperator;
import io.xmcgan.operator.Storage;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.storage.testing.InProcessS3Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The RBAC of manifests/ is exactly what the operator asks of the API server. The operator runs on
 * the mock API server through a client that records its requests, installed as the namespaced
 * overlay installs it (two watched namespaces, leader election on), while the test drives every
 * kind of call it makes: children created, replaced and deleted (the serving Deployment patched for
 * a rollout), the ConfigMap of a new run rewritten, the deleteOnCleanup finalizer added and
 * removed, status patched, Secrets read and events written. A call without a rule, or a rule
 * without a call, fails the build.
 */
@EnableKubernetesMockClient(crud = true)
class RbacTest {

  static final String OPERATOR_NAMESPACE = "xmcgan-system";
  static final Set<String> WATCHED = Set.of("team-a", "team-b");
  static final String UNWATCHED = "elsewhere";

  /** Every authenticated user may create it (the default ClusterRole system:basic-user). */
  static final Permission RULES_REVIEW =
      new Permission("authorization.k8s.io", "selfsubjectrulesreviews", "create");

  static final String LEASES = "coordination.k8s.io";

  /**
   * The lease verbs JOSDK's start-up check demands (LeaderElectionManager's SelfSubjectRulesReview
   * in JOSDK 5.3): without them the operator refuses to start, although Fabric8's LeaderElector
   * renews with patch, not update.
   */
  static final Set<Permission> LEASE_ACCESS_CHECK =
      Set.of(
          new Permission(LEASES, "leases", "get"),
          new Permission(LEASES, "leases", "create"),
          new Permission(LEASES, "leases", "update"));

  static final String OPERATOR = "xmcgan-operator";
  static final String NAMESPACES_VARIABLE = "QUARKUS_OPERATOR_SDK_NAMESPACES";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void theManifestsGrantExactlyWhatTheOperatorCalls() throws Exception {
    answerLeaseAccessReview();
    ApiCallRecorder recorder = new ApiCallRecorder();
    try (InProcessS3Server s3 = InProcessS3Server.start();
        KubernetesClient operatorClient = recorder.client(client.getConfiguration())) {
      String bucket = s3.createBucket();
      StandaloneOperator operator =
          StandaloneOperator.start(
              operatorClient,
              StandaloneOperator.Timings.TEST,
              new StandaloneOperator.Install(WATCHED, Optional.of(OPERATOR_NAMESPACE), List.of()));
      try {
        scenario(new Cluster(client), new Storage(s3, bucket), s3.endpoint(), bucket);
        awaitLeaseRenewal();
      } finally {
        operator.close();
      }
    }
    assertThat(recorder.problems()).as("requests the recorder could not read").isEmpty();
    List<ApiCall> calls =
        recorder.calls().stream().filter(c -> !c.permission().equals(RULES_REVIEW)).toList();
    Set<Permission> needed = new TreeSet<>(recorder.needed());
    needed.remove(RULES_REVIEW);
    Set<Permission> leases =
        needed.stream().filter(p -> p.group().equals(LEASES)).collect(toCollection(TreeSet::new));
    needed.removeAll(leases);
    leases.addAll(LEASE_ACCESS_CHECK);

    assertThat(Manifests.granted(clusterRole()))
        .as("manifests/operator/rbac.yaml's ClusterRole against the operator's calls")
        .containsExactlyInAnyOrderElementsOf(needed);
    for (JsonNode role : namespacedRoles()) {
      assertThat(Manifests.granted(role))
          .as("the Role in namespace %s of manifests/namespaced/", Manifests.namespace(role))
          .containsExactlyInAnyOrderElementsOf(needed);
    }
    assertThat(Manifests.granted(leaderElectionRole()))
        .as("manifests/operator/leader-election.yaml's Role against the lease calls")
        .containsExactlyInAnyOrderElementsOf(leases);
    assertThat(calls)
        .as("the namespaced operator acts only in the namespaces it watches, leases in its own")
        .allSatisfy(
            call ->
                assertThat(call.namespace())
                    .hasValueSatisfying(
                        ns ->
                            assertThat(
                                    call.permission().group().equals(LEASES)
                                        ? Set.of(OPERATOR_NAMESPACE)
                                        : WATCHED)
                                .contains(ns)));
  }

  @Test
  void theNamespacedInstallBindsARoleInEveryWatchedNamespaceAndNoClusterRole() {
    List<JsonNode> objects = Manifests.objects(Manifests.ROOT.resolve("namespaced"));
    Set<String> watched =
        objects.stream()
            .filter(o -> o.path("kind").asText().equals("Deployment"))
            .flatMap(o -> stream(o.path("spec").path("template").path("spec").path("containers")))
            .flatMap(c -> stream(c.path("env")))
            .filter(e -> e.path("name").asText().equals(NAMESPACES_VARIABLE))
            .flatMap(e -> Stream.of(e.path("value").asText().split(",")))
            .map(String::strip)
            .collect(toCollection(TreeSet::new));

    assertThat(watched).as(NAMESPACES_VARIABLE).isNotEmpty();
    assertThat(namespacedRoles().stream().map(r -> Manifests.namespace(r).orElseThrow()))
        .containsExactlyInAnyOrderElementsOf(watched);
    List<JsonNode> bindings = Manifests.named(objects, "RoleBinding", OPERATOR);
    assertThat(bindings.stream().map(b -> Manifests.namespace(b).orElseThrow()))
        .containsExactlyInAnyOrderElementsOf(watched);
    assertThat(bindings)
        .allSatisfy(
            b -> {
              assertThat(b.path("roleRef").path("kind").asText()).isEqualTo("Role");
              assertThat(b.path("roleRef").path("name").asText()).isEqualTo(OPERATOR);
              assertThat(b.path("subjects"))
                  .singleElement()
                  .satisfies(
                      s -> {
                        assertThat(s.path("kind").asText()).isEqualTo("ServiceAccount");
                        assertThat(s.path("name").asText()).isEqualTo(OPERATOR);
                        assertThat(s.path("namespace").asText()).isEqualTo(OPERATOR_NAMESPACE);
                      });
            });
    assertThat(objects)
        .noneMatch(
            o ->
                Set.of("ClusterRole", "ClusterRoleBinding").contains(o.path("kind").asText())
                    && !o.has("$patch"));
  }

  private void scenario(Cluster cluster, Storage storage, String endpoint, String bucket)
      throws Exception {
    // An experiment the namespaced operator must not touch.
    client.secrets().resource(Experiments.credentials(UNWATCHED)).create();
    client
        .resource(Experiments.experiment(UNWATCHED, "exp", Experiments.tiny(endpoint, bucket)))
        .create();

    // An invalid spec: refused with a Warning event.
    ExperimentSpec invalid = Experiments.tiny(endpoint, bucket);
    invalid.getTraining().setSteps(0);
    client.resource(Experiments.experiment("team-b", "invalid", invalid)).create();

    // deleteOnCleanup: the finalizer; a preprocessing Job and its ConfigMap, then a new run.
    String ns = "team-a";
    ExperimentSpec spec = Experiments.tiny(endpoint, bucket);
    spec.getStorage().setDeleteOnCleanup(true);
    ServingSpec serving = new ServingSpec();
    serving.setEnabled(true);
    serving.setCheckpoint("latest");
    spec.setServing(serving);
    client.secrets().resource(Experiments.credentials(ns)).create();
    client.resource(Experiments.experiment(ns, "exp", spec)).create();
    Job preprocess = cluster.awaitJob(ns, "exp-preprocess-0");
    storage.preprocessed(ns, "exp", spec);
    cluster.complete(preprocess);
    cluster.awaitJob(ns, "exp-train-0");
    cluster.awaitStatus(ns, "exp", s -> s.getPhase() == Phase.Training);

    // spec.serving: its Deployment and Service created, rolled to a newer checkpoint, removed.
    storage.checkpoint(ns, "exp", 500);
    cluster.awaitStatus(
        ns,
        "exp",
        s -> s.getServing() != null && Long.valueOf(500).equals(s.getServing().getStep()));
    storage.checkpoint(ns, "exp", 1000);
    cluster.awaitStatus(ns, "exp", s -> Long.valueOf(1000).equals(s.getServing().getStep()));
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(
            () -> {
              XmcganExperiment served = experiment(ns, "exp");
              served.getSpec().getServing().setEnabled(false);
              return client.resource(served).update() != null;
            });
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                client.apps().deployments().inNamespace(ns).list().getItems().isEmpty()
                    && client.services().inNamespace(ns).list().getItems().isEmpty());

    XmcganExperiment experiment = experiment(ns, "exp");
    RunPolicySpec runPolicy = new RunPolicySpec();
    runPolicy.setRestartNonce("second");
    experiment.getSpec().setRunPolicy(runPolicy);
    client.resource(experiment).update();
    cluster.awaitStatus(
        ns, "exp", s -> s.getRun() != null && "second".equals(s.getRun().getRestartNonce()));
    await().atMost(Duration.ofSeconds(15)).until(() -> cluster.job(ns, "exp-train-0") == null);

    client.resource(experiment(ns, "exp")).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> experiment(ns, "exp") == null);
    cluster.awaitStatus("team-b", "invalid", s -> s.isConditionTrue(ConditionType.Stalled));
  }

  /**
   * JOSDK checks at start that it may use leases (LeaderElectionManager, a SelfSubjectRulesReview
   * in the lease's namespace); the mock API server answers with the rules of the leader-election
   * Role, as the API server would for this ServiceAccount.
   */
  private void answerLeaseAccessReview() {
    List<ResourceRule> rules = new ArrayList<>();
    for (JsonNode rule : leaderElectionRole().path("rules")) {
      rules.add(YAML.convertValue(rule, ResourceRule.class));
    }
    SelfSubjectRulesReview review = new SelfSubjectRulesReview();
    review.setStatus(new SubjectRulesReviewStatus(null, false, List.of(), rules));
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review)
        .always();
  }

  /** The leader renews its lease every retry period; one renewal is part of what it asks. */
  private void awaitLeaseRenewal() {
    String acquired = lease().getSpec().getRenewTime().toString();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> !lease().getSpec().getRenewTime().toString().equals(acquired));
  }

  private Lease lease() {
    return client
        .leases()
        .inNamespace(OPERATOR_NAMESPACE)
        .withName(LeaderElection.LEASE_NAME)
        .get();
  }

  private static JsonNode clusterRole() {
    return single(Manifests.named(operatorObjects(), "ClusterRole", OPERATOR));
  }

  private static JsonNode leaderElectionRole() {
    return single(Manifests.named(operatorObjects(), "Role", OPERATOR + "-leader-election"));
  }

  private static List<JsonNode> namespacedRoles() {
    List<JsonNode> roles =
        Manifests.named(Manifests.objects(Manifests.ROOT.resolve("namespaced")), "Role", OPERATOR);
    assertThat(roles).as("Roles of manifests/namespaced/").isNotEmpty();
    return roles;
  }

  private static List<JsonNode> operatorObjects() {
    return Manifests.objects(Manifests.ROOT.resolve("operator"));
  }

  private static JsonNode single(List<JsonNode> objects) {
    assertThat(objects).hasSize(1);
    return objects.get(0);
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  private XmcganExperiment experiment(String namespace, String name) {
    return client.resources(XmcganExperiment.class).inNamespace(namespace).withName(name).get();
  }
}
