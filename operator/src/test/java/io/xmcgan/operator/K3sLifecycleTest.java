package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.xmcgan.experiment.status.ConditionType;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.storage.testing.InProcessS3Server;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The lifecycle of {@link ExperimentLifecycleTest} against a real API server (k3s): the committed
 * CRD from crds/ (its schema, status subresource and printer columns), real owner references,
 * garbage collection and admission. The operator runs in this JVM and reads the in-process S3
 * server directly. k3s runs without the Job controller and the pod garbage collector, so that, as
 * against the mock server, the test plays the Job controller and the kubelet: nothing pulls the
 * stage images. Skipped where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sLifecycleTest {

  static final String NS = "k3s-lifecycle";

  /** k3s reads this file at start: the test, not kube-controller-manager, runs the Jobs. */
  static final String K3S_CONFIG =
      """
      kube-controller-manager-arg:
        - "controllers=*,-job,-podgc"
      """;

  @Container
  static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.30.4-k3s1"))
          .withCopyToContainer(Transferable.of(K3S_CONFIG), "/etc/rancher/k3s/config.yaml");

  private static KubernetesClient client;
  private static InProcessS3Server s3;
  private static String bucket;
  private static StandaloneOperator operator;

  @BeforeAll
  static void start() throws Exception {
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
            .build();
    CustomResourceDefinition crd = PrinterColumns.crd();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c.getStatus() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> x.getType().equals("Established") && x.getStatus().equals("True")),
            1,
            TimeUnit.MINUTES);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    s3 = InProcessS3Server.start();
    bucket = s3.createBucket();
    operator = StandaloneOperator.start(client, StandaloneOperator.Timings.TEST);
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  void preprocessesTrainsRestartsAndFailsPermanentlyOnARealApiServer() throws Exception {
    Cluster cluster = new Cluster(client);
    Storage storage = new Storage(s3, bucket);
    client.secrets().resource(Experiments.credentials(NS)).create();
    var spec = Experiments.tiny(s3.endpoint(), bucket);
    client.resource(Experiments.experiment(NS, "exp", spec)).create();

    Job preprocess = awaitJob("exp-preprocess-0");
    assertThat(preprocess.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(preprocess.getSpec().getCompletions()).isEqualTo(8);
    awaitStatus(s -> s.getPhase() == Phase.Preprocessing);

    storage.preprocessed(NS, "exp", spec);
    cluster.complete(preprocess);
    Job train = awaitJob("exp-train-0");
    awaitJob("exp-evaluate-0");
    assertThat(train.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(experiment().getMetadata().getUid());

    Pod trainer = cluster.runPod(train, "exp-train-0-abcde");
    storage.progress(NS, "exp", 500, 1000, 40.0);
    storage.checkpoint(NS, "exp", 500);
    storage.metrics(NS, "exp", 500, 123.4, 2.5);
    ExperimentStatus status =
        awaitStatus(
            s ->
                s.getProgress() != null
                    && Long.valueOf(500).equals(s.getProgress().getStep())
                    && s.getCheckpoint() != null
                    && s.getEvaluation() != null
                    && s.isConditionTrue(ConditionType.Ready));
    assertThat(status.getPhase()).isEqualTo(Phase.Training);
    assertThat(PrinterColumns.values(experiment()))
        .containsEntry("Phase", "Training")
        .containsEntry("Step", "500")
        .containsEntry("Best FID", "123.4")
        .containsEntry("Ready", "True");

    cluster.terminate(trainer, 137, "OOMKilled");
    cluster.fail(train, "BackoffLimitExceeded");
    Job retry = awaitJob("exp-train-1");
    awaitStatus(s -> Integer.valueOf(1).equals(s.getCheckpoint().getRestarts()));

    Pod second = cluster.runPod(retry, "exp-train-1-fghij");
    cluster.terminate(second, 2, "captions file has no entry for image 17");
    status = awaitStatus(s -> s.getPhase() == Phase.Failed);
    assertThat(status.getMessage()).contains("captions file has no entry for image 17");

    client.resource(experiment()).delete();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> cluster.jobs(NS).isEmpty() && experiment() == null);
  }

  private XmcganExperiment experiment() {
    return client.resources(XmcganExperiment.class).inNamespace(NS).withName("exp").get();
  }

  private Job awaitJob(String name) {
    return new Cluster(client).awaitJob(NS, name, Duration.ofSeconds(30));
  }

  private ExperimentStatus awaitStatus(Predicate<ExperimentStatus> condition) {
    return new Cluster(client).awaitStatus(NS, "exp", Duration.ofSeconds(30), condition);
  }
}
