package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.spec.RunPolicySpec;
import io.xmcgan.experiment.status.ConditionType;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.workloads.ChildNames;
import io.xmcgan.operator.workloads.JobRenderer;
import io.xmcgan.stage.Stage;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.testing.S3ProxyExtension;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole lifecycle against the Fabric8 mock API server (CRUD mode) and a real S3 protocol
 * server: the test plays the Job controller, the kubelet and the stage pods.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ExperimentLifecycleTest {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Inject KubernetesClient client;

  @Test
  void preprocessesTrainsRestartsAndFailsPermanentlyWithThePodsMessage() throws Exception {
    String ns = "lifecycle";
    Cluster cluster = new Cluster(client);
    Storage storage = new Storage(S3.server(), S3.bucket());
    client.secrets().resource(Experiments.credentials(ns)).create();
    client
        .resource(Experiments.experiment(ns, "exp", Experiments.tiny(S3.endpoint(), S3.bucket())))
        .create();

    Job preprocess = awaitJob(ns, "exp-preprocess-0");
    assertThat(preprocess.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(preprocess.getSpec().getCompletions()).isEqualTo(8);
    assertThat(preprocess.getSpec().getParallelism()).isEqualTo(4);
    // every shard has backoffLimit retries of its own; a replacement pod waits for its predecessor
    assertThat(preprocess.getSpec().getBackoffLimitPerIndex()).isEqualTo(3);
    assertThat(preprocess.getSpec().getBackoffLimit()).isNull();
    assertThat(preprocess.getSpec().getPodReplacementPolicy()).isEqualTo("Failed");
    // evicted pods are not counted; 2 fails the Job, and so does 75, for the operator to retry
    assertThat(preprocess.getSpec().getPodFailurePolicy().getRules())
        .extracting(r -> r.getAction())
        .containsExactly("Ignore", "FailJob");
    assertThat(
            preprocess
                .getSpec()
                .getPodFailurePolicy()
                .getRules()
                .get(1)
                .getOnExitCodes()
                .getValues())
        .containsExactly(2, 75);
    assertHardened(preprocess, List.of("preprocess", "--experiment", JobRenderer.CONFIG_PATH));
    assertThat(client.configMaps().inNamespace(ns).withName("exp-config").get().getData())
        .containsKey(JobRenderer.CONFIG_KEY);
    ExperimentStatus status = awaitStatus(ns, "exp", s -> s.getPhase() == Phase.Preprocessing);
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertCondition(status, ConditionType.DataReady, "False");

    storage.preprocessed(ns, "exp", Experiments.tiny(S3.endpoint(), S3.bucket()));
    cluster.complete(preprocess);
    Job train = awaitJob(ns, "exp-train-0");
    Job evaluate = awaitJob(ns, "exp-evaluate-0");
    assertThat(gpuLimit(train)).isEqualTo(new Quantity("1"));
    assertHardened(train, List.of("train", "--experiment", JobRenderer.CONFIG_PATH));
    assertThat(evaluate.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("evaluate", "--experiment", JobRenderer.CONFIG_PATH, "--watch");
    assertThat(train.getMetadata().getOwnerReferences().get(0).getController()).isTrue();
    assertThat(train.getSpec().getBackoffLimit()).isZero();
    assertThat(train.getSpec().getPodReplacementPolicy()).isEqualTo("Failed");

    Pod trainer = cluster.runPod(train, "exp-train-0-abcde");
    storage.progress(ns, "exp", 500, 1000, 40.0);
    storage.checkpoint(ns, "exp", 500);
    storage.metrics(ns, "exp", 500, 123.4, 2.5);
    status =
        awaitStatus(
            ns,
            "exp",
            s ->
                s.getProgress() != null
                    && Long.valueOf(500).equals(s.getProgress().getStep())
                    && s.isConditionTrue(ConditionType.Ready)
                    && s.getCheckpoint() != null
                    && s.getEvaluation() != null);
    assertThat(status.getPhase()).isEqualTo(Phase.Training);
    assertThat(status.getProgress().getPercent()).isEqualTo(50.0);
    assertThat(status.getProgress().getImagesPerSecond()).isEqualTo(40.0);
    assertThat(status.getProgress().getEtaSeconds()).isEqualTo(100L); // 500 steps at 5 steps/s
    assertThat(status.getCheckpoint().getStep()).isEqualTo(500L);
    assertThat(status.getCheckpoint().getCount()).isEqualTo(1);
    assertThat(status.getEvaluation().getBest().getFid()).isEqualTo(123.4);
    assertCondition(status, ConditionType.CheckpointAvailable, "True");
    assertCondition(status, ConditionType.Evaluated, "True");
    assertCondition(status, ConditionType.DataReady, "True");
    assertThat(status.getConditions())
        .allSatisfy(c -> assertThat(c.getLastTransitionTime()).isNotBlank());
    Map<String, String> columns = PrinterColumns.values(experiment(ns, "exp"));
    assertThat(columns)
        .containsEntry("Phase", "Training")
        .containsEntry("Step", "500")
        .containsEntry("Progress", "50.0")
        .containsEntry("Best FID", "123.4")
        .containsEntry("Ready", "True");

    cluster.terminate(trainer, 137, "OOMKilled");
    cluster.fail(train, "BackoffLimitExceeded");
    Job retry = awaitJob(ns, "exp-train-1");
    status =
        awaitStatus(ns, "exp", s -> Integer.valueOf(1).equals(s.getCheckpoint().getRestarts()));
    assertThat(status.getCheckpoint().getRestoredFrom()).endsWith("checkpoints/step-00000500/");
    assertThat(status.getPhase()).isEqualTo(Phase.Training);
    assertThat(events(ns, "exp")).anyMatch(e -> e.getReason().equals("TrainingRestarted"));

    Pod secondTrainer = cluster.runPod(retry, "exp-train-1-fghij");
    cluster.terminate(secondTrainer, 2, "captions file has no entry for image 17");
    status = awaitStatus(ns, "exp", s -> s.getPhase() == Phase.Failed);
    assertThat(status.getMessage())
        .contains("captions file has no entry for image 17")
        .contains("code 2");
    assertThat(status.findCondition(ConditionType.Stalled).orElseThrow().getReason())
        .isEqualTo("InvalidInput");
    assertCondition(status, ConditionType.Succeeded, "False");
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.job(ns, "exp-evaluate-0") == null);
    assertThat(events(ns, "exp"))
        .filteredOn(e -> e.getType().equals("Warning") && e.getReason().equals("InvalidInput"))
        .hasSize(1);
    assertThat(cluster.jobs(ns))
        .extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder("exp-preprocess-0", "exp-train-0", "exp-train-1");
  }

  @Test
  void skipsCompleteDataSuspendsResumesAndSucceeds() throws Exception {
    String ns = "suspend";
    Cluster cluster = new Cluster(client);
    Storage storage = new Storage(S3.server(), S3.bucket());
    client.secrets().resource(Experiments.credentials(ns)).create();
    storage.preprocessed(ns, "exp", Experiments.tiny(S3.endpoint(), S3.bucket()));
    client
        .resource(Experiments.experiment(ns, "exp", Experiments.tiny(S3.endpoint(), S3.bucket())))
        .create();

    Job train = awaitJob(ns, "exp-train-0");
    assertThat(cluster.job(ns, "exp-preprocess-0")).isNull();
    cluster.runPod(train, "exp-train-0-abcde");
    storage.checkpoint(ns, "exp", 1000);

    editSpec(ns, "exp", spec -> spec.setRunPolicy(runPolicy(true)));
    ExperimentStatus status = awaitStatus(ns, "exp", s -> s.getPhase() == Phase.Suspended);
    assertCondition(status, ConditionType.Suspended, "True");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cluster.job(ns, "exp-train-0") == null
                    && cluster.job(ns, "exp-evaluate-0") == null);
    cluster.collectGarbage(ns);

    editSpec(ns, "exp", spec -> spec.setRunPolicy(runPolicy(false)));
    // attempt numbers are never reused: the resumed trainer is attempt 1
    train = awaitJob(ns, "exp-train-1");
    status = awaitStatus(ns, "exp", s -> s.getPhase() == Phase.Training);
    assertThat(status.getCheckpoint().getRestarts()).isZero();
    assertThat(status.getCheckpoint().getRestoredFrom()).endsWith("checkpoints/step-00001000/");
    assertThat(events(ns, "exp")).anyMatch(e -> e.getReason().equals("Resumed"));

    cluster.complete(train);
    status = awaitStatus(ns, "exp", s -> s.getPhase() == Phase.Evaluating);
    Job evaluator =
        cluster.jobs(ns).stream()
            .filter(j -> j.getMetadata().getName().startsWith("exp-evaluate-"))
            .findFirst()
            .orElseThrow();
    storage.metrics(ns, "exp", 1000, 80.5, 3.0, 0.46);
    cluster.complete(evaluator);
    status = awaitStatus(ns, "exp", s -> s.getPhase() == Phase.Succeeded);
    assertCondition(status, ConditionType.Succeeded, "True");
    assertCondition(status, ConditionType.Ready, "True");
    assertThat(status.getEvaluation().getBest().getFid()).isEqualTo(80.5);
    assertThat(status.getEvaluation().getLatest().getCaptionFollowing()).isEqualTo(0.46);
    String uid = experiment(ns, "exp").getMetadata().getUid();
    assertThat(cluster.jobs(ns))
        .allSatisfy(
            j -> assertThat(j.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(uid));

    client.resource(experiment(ns, "exp")).delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> experiment(ns, "exp") == null);
  }

  @Test
  void refusesModelChangesWhileTrainingUnlessTheRestartNonceChanges() throws Exception {
    String ns = "immutable";
    Storage storage = new Storage(S3.server(), S3.bucket());
    client.secrets().resource(Experiments.credentials(ns)).create();
    storage.preprocessed(ns, "exp", Experiments.tiny(S3.endpoint(), S3.bucket()));
    client
        .resource(Experiments.experiment(ns, "exp", Experiments.tiny(S3.endpoint(), S3.bucket())))
        .create();
    awaitJob(ns, "exp-train-0");

    editSpec(ns, "exp", spec -> spec.getDataset().getSource().setSize(2048));
    ExperimentStatus status =
        awaitStatus(ns, "exp", s -> Long.valueOf(2).equals(s.getObservedGeneration()));
    assertThat(status.findCondition(ConditionType.Stalled).orElseThrow().getReason())
        .isEqualTo("ImmutableField");
    assertThat(status.findCondition(ConditionType.Stalled).orElseThrow().getMessage())
        .contains("spec.dataset.source.size");
    assertThat(status.getPhase()).isEqualTo(Phase.Training);
    assertThat(new Cluster(client).job(ns, "exp-train-0")).isNotNull();

    RunPolicySpec policy = runPolicy(false);
    policy.setRestartNonce("larger-model");
    editSpec(ns, "exp", spec -> spec.setRunPolicy(policy));
    status =
        awaitStatus(
            ns,
            "exp",
            s ->
                !s.isConditionTrue(ConditionType.Stalled)
                    && Long.valueOf(3).equals(s.getObservedGeneration()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> new Cluster(client).job(ns, "exp-train-0") == null);
    String run = StorageLayout.runId("larger-model");
    // The new run writes under its own root, where no shards exist yet: it preprocesses first.
    Job restarted = awaitJob(ns, ChildNames.job("exp", Stage.PREPROCESS, 0, run));
    assertThat(restarted.getMetadata().getLabels()).containsEntry(ChildNames.RUN_LABEL, run);
    awaitStatus(ns, "exp", s -> s.getPhase() == Phase.Preprocessing);
    assertThat(
            client
                .configMaps()
                .inNamespace(ns)
                .withName("exp-config")
                .get()
                .getData()
                .get(JobRenderer.CONFIG_KEY))
        .contains("2048");
  }

  private static RunPolicySpec runPolicy(boolean suspend) {
    RunPolicySpec policy = new RunPolicySpec();
    policy.setSuspend(suspend);
    return policy;
  }

  private static Quantity gpuLimit(Job job) {
    return job.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getLimits()
        .get(JobRenderer.GPU_RESOURCE);
  }

  private static void assertHardened(Job job, List<String> args) {
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertThat(container.getArgs()).isEqualTo(args);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getVolumeMounts())
        .anyMatch(m -> m.getMountPath().equals("/tmp"))
        .anyMatch(m -> m.getMountPath().equals(JobRenderer.CONFIG_DIR));
    assertThat(pod.getVolumes())
        .anyMatch(v -> v.getName().equals("tmp") && v.getEmptyDir() != null);
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals(JobRenderer.ENV_SECRET_KEY))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo(Experiments.SECRET);
            });
  }

  private static void assertCondition(ExperimentStatus status, ConditionType type, String value) {
    assertThat(status.findCondition(type))
        .as("condition %s", type)
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo(value);
              assertThat(c.getObservedGeneration()).isEqualTo(status.getObservedGeneration());
            });
  }

  /**
   * Changes the spec as {@code kubectl edit} does: a patch of the difference, locked to the
   * resourceVersion it was read at. The operator's status writes in between make it fail with a
   * conflict (409), and then the edit is made again on a fresh read, as a user or a GitOps tool
   * would.
   */
  private void editSpec(String ns, String name, Consumer<ExperimentSpec> change) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(
            () ->
                client
                        .resources(XmcganExperiment.class)
                        .inNamespace(ns)
                        .withName(name)
                        .edit(
                            experiment -> {
                              change.accept(experiment.getSpec());
                              return experiment;
                            })
                    != null);
  }

  private XmcganExperiment experiment(String ns, String name) {
    return client.resources(XmcganExperiment.class).inNamespace(ns).withName(name).get();
  }

  private Job awaitJob(String ns, String name) {
    return new Cluster(client).awaitJob(ns, name);
  }

  private ExperimentStatus awaitStatus(
      String ns, String name, Predicate<ExperimentStatus> condition) {
    return new Cluster(client).awaitStatus(ns, name, condition);
  }

  private List<Event> events(String ns, String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(name))
        .toList();
  }
}
