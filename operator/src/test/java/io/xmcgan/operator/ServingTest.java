package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.spec.ServingSpec;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.serving.ServingRenderer;
import io.xmcgan.operator.workloads.JobRenderer;
import io.xmcgan.serving.ServingEndpoints;
import io.xmcgan.storage.testing.S3ProxyExtension;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code spec.serving} on the Fabric8 mock API server with a real S3 protocol server: the serving
 * Deployment and Service appear once a checkpoint fits the policy, roll to a better FID, report
 * their URL, step and ready pods in the status and the wide columns, and go when serving is turned
 * off; {@code afterTraining} waits for the experiment to succeed.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ServingTest {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Inject KubernetesClient client;

  @Test
  void servesTheBestFidCheckpointRollsToABetterOneAndStopsWhenTurnedOff() throws Exception {
    String ns = "serving";
    Cluster cluster = new Cluster(client);
    Storage storage = new Storage(S3.server(), S3.bucket());
    client.secrets().resource(Experiments.credentials(ns)).create();
    ExperimentSpec spec =
        served(
            serving -> {
              serving.setCheckpoint("best-fid");
              serving.setReplicas(2);
            });
    storage.preprocessed(ns, "exp", spec);
    client.resource(Experiments.experiment(ns, "exp", spec)).create();
    cluster.runPod(cluster.awaitJob(ns, "exp-train-0"), "exp-train-0-abcde");
    storage.checkpoint(ns, "exp", 500);

    ExperimentStatus status =
        cluster.awaitStatus(
            ns,
            "exp",
            s ->
                s.getServing() != null
                    && s.getCheckpoint() != null
                    && Long.valueOf(500).equals(s.getCheckpoint().getStep()));
    assertThat(status.getServing().getMessage()).contains("first evaluated checkpoint");
    assertThat(status.getServing().getUrl()).isNull();
    assertThat(deployment(ns)).isNull();

    storage.metrics(ns, "exp", 500, 90.0, 2.0);
    Deployment first = awaitDeployment(ns, d -> true);
    assertServes(first, 500);
    assertThat(first.getSpec().getReplicas()).isEqualTo(2);
    assertThat(first.getMetadata().getOwnerReferences().get(0).getController()).isTrue();
    Service service =
        await()
            .atMost(Cluster.WAIT)
            .until(
                () -> client.services().inNamespace(ns).withName("exp-serve").get(),
                s -> s != null);
    assertThat(service.getSpec().getPorts().get(0).getPort())
        .isEqualTo(ServingRenderer.SERVICE_PORT);
    assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal())
        .isEqualTo(ServingRenderer.PORT_NAME);
    assertThat(first.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    status = cluster.awaitStatus(ns, "exp", s -> s.getServing().getStep() != null);
    assertThat(status.getServing().getUrl()).isEqualTo("http://exp-serve.serving.svc/");
    assertThat(status.getServing().getStep()).isEqualTo(500L);
    assertThat(status.getServing().getReadyReplicas()).isZero();
    assertThat(status.getServing().getMessage()).isEqualTo("rolling out step 500");

    ready(ns, 2);
    status =
        cluster.awaitStatus(
            ns, "exp", s -> Integer.valueOf(2).equals(s.getServing().getReadyReplicas()));
    assertThat(status.getServing().getMessage()).isNull();
    assertThat(PrinterColumns.values(experiment(ns)))
        .containsEntry("Serving", "500")
        .containsEntry("URL", "http://exp-serve.serving.svc/");

    storage.checkpoint(ns, "exp", 1000);
    storage.metrics(ns, "exp", 1000, 40.0, 3.0);
    assertServes(awaitDeployment(ns, d -> servedStep(d).equals("1000")), 1000);
    status =
        cluster.awaitStatus(ns, "exp", s -> Long.valueOf(1000).equals(s.getServing().getStep()));
    assertThat(status.getServing().getReadyReplicas()).isZero();

    storage.checkpoint(ns, "exp", 1500);
    storage.metrics(ns, "exp", 1500, 60.0, 3.0);
    cluster.awaitStatus(
        ns,
        "exp",
        s ->
            s.getEvaluation() != null
                && Long.valueOf(1500).equals(s.getEvaluation().getLatest().getStep()));
    assertThat(servedStep(deployment(ns))).isEqualTo("1000");

    editSpec(ns, s -> s.getServing().setEnabled(false));
    status = cluster.awaitStatus(ns, "exp", s -> s.getServing() == null);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                deployment(ns) == null
                    && client.services().inNamespace(ns).withName("exp-serve").get() == null);
    assertThat(status.getPhase()).isEqualTo(Phase.Training);
  }

  @Test
  void afterTrainingWaitsForTheExperimentToSucceed() throws Exception {
    String ns = "serving-after";
    Cluster cluster = new Cluster(client);
    Storage storage = new Storage(S3.server(), S3.bucket());
    client.secrets().resource(Experiments.credentials(ns)).create();
    ExperimentSpec spec =
        served(
            serving -> {
              serving.setCheckpoint("latest");
              serving.setAfterTraining(true);
            });
    storage.preprocessed(ns, "exp", spec);
    client.resource(Experiments.experiment(ns, "exp", spec)).create();
    Job train = cluster.awaitJob(ns, "exp-train-0");
    cluster.runPod(train, "exp-train-0-abcde");
    storage.checkpoint(ns, "exp", 1000);
    ExperimentStatus status =
        cluster.awaitStatus(ns, "exp", s -> s.getCheckpoint() != null && s.getServing() != null);
    assertThat(status.getServing().getMessage()).contains("once training has succeeded");
    assertThat(deployment(ns)).isNull();

    cluster.complete(train);
    Job evaluator =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () ->
                    cluster.jobs(ns).stream()
                        .filter(j -> j.getMetadata().getName().startsWith("exp-evaluate-"))
                        .findFirst()
                        .orElse(null),
                j -> j != null);
    storage.metrics(ns, "exp", 1000, 80.5, 3.0);
    cluster.complete(evaluator);
    cluster.awaitStatus(ns, "exp", s -> s.getPhase() == Phase.Succeeded);
    assertServes(awaitDeployment(ns, d -> true), 1000);
  }

  /** The tiny experiment with serving enabled and set up by {@code settings}. */
  private ExperimentSpec served(Consumer<ServingSpec> settings) {
    ExperimentSpec spec = Experiments.tiny(S3.endpoint(), S3.bucket());
    ServingSpec serving = new ServingSpec();
    serving.setEnabled(true);
    settings.accept(serving);
    spec.setServing(serving);
    return spec;
  }

  private static void assertServes(Deployment deployment, long step) {
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertThat(container.getArgs()).isEqualTo(ServingRenderer.args(step));
    assertThat(container.getArgs())
        .containsSubsequence("--experiment", JobRenderer.CONFIG_PATH, "--checkpoint", "" + step);
    assertThat(container.getReadinessProbe().getHttpGet().getPath())
        .isEqualTo(ServingEndpoints.READY);
    assertThat(container.getLivenessProbe().getHttpGet().getPath())
        .isEqualTo(ServingEndpoints.LIVE);
    assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(ServingEndpoints.PORT);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getVolumeMounts())
        .anyMatch(m -> m.getMountPath().equals(JobRenderer.CONFIG_DIR));
    assertThat(container.getEnv()).anyMatch(e -> e.getName().equals(JobRenderer.ENV_SECRET_KEY));
    assertThat(container.getImage()).contains("evaluator");
    assertThat(
            deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();
    assertThat(servedStep(deployment)).isEqualTo(Long.toString(step));
  }

  private static String servedStep(Deployment deployment) {
    return deployment.getMetadata().getAnnotations().get(ServingRenderer.STEP_ANNOTATION);
  }

  private Deployment deployment(String ns) {
    return client.apps().deployments().inNamespace(ns).withName("exp-serve").get();
  }

  private Deployment awaitDeployment(String ns, Predicate<Deployment> condition) {
    return await()
        .atMost(Cluster.WAIT)
        .until(() -> deployment(ns), d -> d != null && condition.test(d));
  }

  /** The Deployment controller and kubelet: every replica of the current template is ready. */
  private void ready(String ns, int replicas) {
    Deployment current = deployment(ns);
    current.setStatus(
        new DeploymentStatusBuilder()
            .withReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withReadyReplicas(replicas)
            .withAvailableReplicas(replicas)
            .withObservedGeneration(current.getMetadata().getGeneration())
            .build());
    client.apps().deployments().inNamespace(ns).resource(current).updateStatus();
  }

  private XmcganExperiment experiment(String ns) {
    return client.resources(XmcganExperiment.class).inNamespace(ns).withName("exp").get();
  }

  private void editSpec(String ns, Consumer<ExperimentSpec> change) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(
            () ->
                client
                        .resources(XmcganExperiment.class)
                        .inNamespace(ns)
                        .withName("exp")
                        .edit(
                            experiment -> {
                              change.accept(experiment.getSpec());
                              return experiment;
                            })
                    != null);
  }
}
