package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.spec.RunPolicySpec;
import io.xmcgan.experiment.status.ConditionStatus;
import io.xmcgan.experiment.status.ConditionType;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.observe.StorageCleaner;
import io.xmcgan.operator.reconcile.Cleanup;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.operator.workloads.ChildNames;
import io.xmcgan.operator.workloads.JobRenderer;
import io.xmcgan.stage.Stage;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.testing.S3ProxyExtension;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The disruptions of a real GPU cluster's first week, one scenario each, against the Fabric8 mock
 * API server and a real S3 protocol server; the test plays the Job controller, the kubelet, the
 * scheduler and the garbage collector ({@link Cluster}). Each scenario failed before the operator
 * handled its disruption (the issue item is named in the test's comment).
 */
@EnableKubernetesMockClient(crud = true)
class DisruptionScenariosTest {

  @RegisterExtension final S3ProxyExtension s3 = new S3ProxyExtension();

  static final String NS = "disruption";

  KubernetesClient client;
  KubernetesMockServer server;

  private Storage storage;
  private Cluster cluster;
  private StandaloneOperator operator;

  @BeforeEach
  void startStorage() throws Exception {
    storage = new Storage(s3.server(), s3.bucket());
    cluster = new Cluster(client);
    client.secrets().resource(Experiments.credentials(NS)).create();
  }

  @AfterEach
  void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
  }

  /** Item 1: a restartNonce change after a checkpoint exists starts a new run under a new root. */
  @Test
  void aNewRestartNonceAfterACheckpointStartsANewRunAndKeepsTheOldOne() throws Exception {
    ExperimentSpec spec = Experiments.tiny(s3.endpoint(), s3.bucket());
    String firstRoot = StorageLayout.experimentRoot("s3://" + s3.bucket() + "/xmcgan", NS, "exp");
    storage.preprocessed(NS, "exp", spec);
    create(spec);
    Pod trainer = cluster.runPod(awaitJob("exp-train-0"), "exp-train-0-abcde");
    storage.checkpoint(NS, "exp", 500);
    storage.metrics(NS, "exp", 500, 42.0, 2.0);
    awaitStatus(s -> s.getEvaluation() != null && s.getCheckpoint().getStep() != null);

    editSpec(s -> s.setRunPolicy(nonce("larger-model")));
    String run = StorageLayout.runId("larger-model");
    ExperimentStatus status = awaitStatus(s -> run.equals(s.getRun().getId()));
    assertThat(status.getRun().getStorageUri()).isEqualTo(firstRoot + "runs/" + run + "/");
    assertThat(status.getPreviousRuns())
        .singleElement()
        .satisfies(
            old -> {
              assertThat(old.getStorageUri()).isEqualTo(firstRoot);
              assertThat(old.getCheckpointStep()).isEqualTo(500L);
            });
    assertThat(status.getEvaluation()).as("the old run's metrics stay with it").isNull();
    assertThat(status.getCheckpoint().getStep()).isNull();
    assertThat(status.getProgress().getStep()).isZero();
    await().until(() -> cluster.job(NS, "exp-train-0") == null);
    cluster.collectGarbage(NS);
    assertThat(client.pods().resource(trainer).get()).isNull();

    // The pods read the new root, where nothing exists yet: the new run preprocesses first.
    Job preprocess = awaitJob(ChildNames.job("exp", Stage.PREPROCESS, 0, run));
    String pods =
        client
            .configMaps()
            .inNamespace(NS)
            .withName("exp-config")
            .get()
            .getData()
            .get(JobRenderer.CONFIG_KEY);
    assertThat(ResolvedExperiment.fromJson(pods).storage().experimentUri())
        .isEqualTo(firstRoot + "runs/" + run + "/");
    spec.setRunPolicy(nonce("larger-model"));
    storage.preprocessed(NS, "exp", spec);
    cluster.complete(preprocess);
    awaitJob(ChildNames.job("exp", Stage.TRAIN, 0, run));
    status = awaitStatus(s -> s.getPhase() == Phase.Training);
    assertThat(status.getCheckpoint().getRestoredFrom()).isNull();
    try (ObjectStore old = storage.experiment(NS, "exp")) {
      assertThat(old.exists(StorageLayout.checkpointManifest(500))).isTrue();
    }
    assertThat(events(Reason.RunStarted)).singleElement();
  }

  /**
   * Item 2: deleting an experiment with deleteOnCleanup stops its pods, then deletes its objects.
   */
  @Test
  void deleteOnCleanupDeletesTheObjectsOfEveryRunOnceThePodsHaveStopped() throws Exception {
    ExperimentSpec spec = Experiments.tiny(s3.endpoint(), s3.bucket());
    spec.getStorage().setDeleteOnCleanup(true);
    storage.preprocessed(NS, "exp", spec);
    create(spec);
    cluster.runPod(awaitJob("exp-train-0"), "exp-train-0-abcde");
    storage.checkpoint(NS, "exp", 100);
    await().until(() -> experiment().getMetadata().getFinalizers().contains(Cleanup.FINALIZER));
    awaitStatus(s -> s.getRun() != null && s.getCheckpoint().getStep() != null);

    client.resource(experiment()).delete();
    await().until(() -> cluster.job(NS, "exp-train-0") == null);
    assertThat(experiment()).as("the trainer may still write: the objects wait").isNotNull();
    assertThat(objects()).isNotEmpty();
    cluster.collectGarbage(NS);

    await().atMost(Duration.ofSeconds(15)).until(() -> experiment() == null);
    assertThat(objects()).isEmpty();
    assertThat(events(Reason.StorageDeleted)).singleElement();
  }

  /** Item 2: a cleanup that cannot reach storage gives up after the timeout, never blocking. */
  @Test
  void aCleanupThatCannotReachStorageGivesUpAfterItsTimeout() throws Exception {
    StorageCleaner unreachable =
        location -> {
          throw new ConnectException("Connection refused");
        };
    operator =
        StandaloneOperator.start(
            client,
            StandaloneOperator.Timings.TEST.withCleanupTimeout(Duration.ofSeconds(2)),
            UnaryOperator.identity(),
            cleaner -> unreachable);
    ExperimentSpec spec = Experiments.tiny(s3.endpoint(), s3.bucket());
    spec.getStorage().setDeleteOnCleanup(true);
    storage.preprocessed(NS, "exp", spec);
    client.resource(Experiments.experiment(NS, "exp", spec)).create();
    awaitJob("exp-train-0");
    await().until(() -> experiment().getMetadata().getFinalizers().contains(Cleanup.FINALIZER));

    client.resource(experiment()).delete();
    await().atMost(Duration.ofSeconds(15)).until(() -> experiment() == null);
    assertThat(events(Reason.CleanupFailed))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains(
                        "(cannot delete s3://"
                            + s3.bucket()
                            + "/xmcgan/disruption/exp/ at "
                            + s3.endpoint()
                            + ": the endpoint refused the connection or cannot be reached)"));
    assertThat(objects()).as("left in storage, as the event says").isNotEmpty();
  }

  /** Items 3 and 4: preemption is not a crash, and the replacement waits for GPUs as Pending. */
  @Test
  void aPreemptedTrainerResumesUncountedAndItsReplacementWaitsForCapacity() throws Exception {
    ExperimentSpec spec = Experiments.tiny(s3.endpoint(), s3.bucket());
    RunPolicySpec policy = new RunPolicySpec();
    policy.setBackoffLimit(0);
    policy.setStartupDeadlineSeconds(1L);
    spec.setRunPolicy(policy);
    storage.preprocessed(NS, "exp", spec);
    create(spec);
    Job first = awaitJob("exp-train-0");
    Pod trainer = cluster.runPod(first, "exp-train-0-abcde");
    cluster.runPod(awaitJob("exp-evaluate-0"), "exp-evaluate-0-abcde");
    storage.checkpoint(NS, "exp", 300);
    awaitStatus(s -> s.getCheckpoint().getStep() != null);

    cluster.preempt(trainer, first, 137);
    Job second = awaitJob("exp-train-1");
    Pod replacement =
        cluster.unschedulablePod(
            second, "exp-train-1-fghij", "0/4 nodes are available: 4 Insufficient nvidia.com/gpu.");
    Thread.sleep(2500); // longer than startupDeadlineSeconds=1
    ExperimentStatus status =
        awaitStatus(
            s ->
                s.hasCondition(ConditionType.Ready, ConditionStatus.False)
                    && Reason.WaitingForCapacity.name()
                        .equals(s.findCondition(ConditionType.Ready).orElseThrow().getReason()));
    assertThat(status.getPhase()).isEqualTo(Phase.Pending);
    assertThat(status.getMessage()).contains("Insufficient nvidia.com/gpu");
    assertThat(status.isConditionTrue(ConditionType.Stalled)).isFalse();
    assertThat(status.getRun().getTrain().getInterruptions()).isEqualTo(1);
    assertThat(status.getRun().getTrain().getCrashes()).isZero();
    assertThat(status.getCheckpoint().getRestarts()).isEqualTo(1);
    assertThat(status.getCheckpoint().getRestoredFrom()).endsWith("checkpoints/step-00000300/");

    cluster.start(replacement);
    status = awaitStatus(s -> s.isConditionTrue(ConditionType.Ready));
    assertThat(status.getPhase()).isEqualTo(Phase.Training);
    assertThat(events(Reason.TrainingRestarted))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("an interruption, not counted"));
  }

  /** Item 5: a pod of a deleted Job that is still terminating is no pod of the next attempt. */
  @Test
  void theNextAttemptWaitsForATerminatingPodOfADeletedJobAndDoesNotCountIt() throws Exception {
    ExperimentSpec spec = Experiments.tiny(s3.endpoint(), s3.bucket());
    storage.preprocessed(NS, "exp", spec);
    create(spec);
    Job first = awaitJob("exp-train-0");
    Pod trainer = cluster.slowToTerminate(cluster.runPod(first, "exp-train-0-abcde"));
    awaitStatus(s -> s.isConditionTrue(ConditionType.Ready));

    // A user deletes the Job; the garbage collector deletes its pod, which checkpoints first.
    client.resource(first).delete();
    await().until(() -> cluster.job(NS, "exp-train-0") == null);
    client.pods().resource(trainer).delete();
    ExperimentStatus status =
        awaitStatus(
            s ->
                Reason.WaitingForPodsToTerminate.name()
                    .equals(s.findCondition(ConditionType.Reconciling).orElseThrow().getReason()));
    assertThat(status.getMessage()).contains("exp-train-0-abcde");
    Thread.sleep(1500); // a poll interval or more: still no second trainer
    assertThat(cluster.job(NS, "exp-train-1")).isNull();

    cluster.finishTermination(trainer, 137);
    awaitJob("exp-train-1");
    status =
        awaitStatus(
            s -> s.getPhase() == Phase.Training && s.getRun().getTrain().getAttempts() == 2);
    assertThat(status.getCheckpoint().getRestarts()).as("a deleted Job is no failure").isZero();
    assertThat(status.getRun().getTrain().getCrashes()).isZero();
  }

  /** Item 6: a Job the API server refuses puts the error into the status, then Stalled. */
  @Test
  void aRefusedJobCreateIsReportedInTheStatusAndRetriedUntilItWorks() throws Exception {
    operator =
        StandaloneOperator.start(
            client,
            StandaloneOperator.Timings.TEST.withReconcileRetries(
                2, Duration.ofMillis(200), Duration.ofSeconds(2)),
            UnaryOperator.identity(),
            UnaryOperator.identity());
    server
        .expect()
        .post()
        .withPath("/apis/batch/v1/namespaces/" + NS + "/jobs")
        .andReturn(
            403,
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":"
                + "\"Forbidden\",\"code\":403,\"message\":\"jobs \\\"exp-train-0\\\" is"
                + " forbidden: exceeded quota: gpu-quota, requested: requests.nvidia.com/gpu=1\"}")
        .times(3);
    ExperimentSpec spec = Experiments.tiny(s3.endpoint(), s3.bucket());
    storage.preprocessed(NS, "exp", spec);
    client.resource(Experiments.experiment(NS, "exp", spec)).create();

    ExperimentStatus status = awaitStatus(s -> s.isConditionTrue(ConditionType.Stalled));
    var stalled = status.findCondition(ConditionType.Stalled).orElseThrow();
    assertThat(stalled.getReason()).isEqualTo(Reason.ReconcileFailed.name());
    assertThat(stalled.getMessage()).contains("exceeded quota");
    assertThat(status.findCondition(ConditionType.Reconciling).orElseThrow().getReason())
        .isEqualTo(Reason.ReconcileError.name());
    assertThat(events(Reason.ReconcileFailed)).singleElement();

    // The quota is freed: the next try (after retryMaxDelay) creates the Job.
    awaitJob("exp-train-0");
    status =
        awaitStatus(
            s ->
                s.hasCondition(ConditionType.Stalled, ConditionStatus.False)
                    && s.getPhase() == Phase.Training);
    assertThat(status.findCondition(ConditionType.Reconciling).orElseThrow().getReason())
        .isEqualTo(Reason.Training.name());
  }

  /** Item 7: exit 75 again and again makes the experiment Stalled, never Failed. */
  @Test
  void repeatedTemporaryFailuresStallTheExperimentWhileItKeepsRetrying() throws Exception {
    ExperimentSpec spec = Experiments.tiny(s3.endpoint(), s3.bucket());
    RunPolicySpec policy = new RunPolicySpec();
    policy.setBackoffLimit(1);
    spec.setRunPolicy(policy);
    storage.preprocessed(NS, "exp", spec);
    create(spec);
    for (int attempt = 0; attempt < 3; attempt++) {
      Job job = awaitJob("exp-train-" + attempt);
      cluster.terminate(
          cluster.runPod(job, "exp-train-" + attempt + "-pod"),
          75,
          "storage unreachable after 6 tries: connection refused");
    }
    ExperimentStatus status =
        awaitStatus(
            s ->
                s.isConditionTrue(ConditionType.Stalled)
                    && s.getRun().getTrain().getConsecutiveTemporaryFailures() == 3);
    assertThat(status.findCondition(ConditionType.Stalled).orElseThrow().getReason())
        .isEqualTo(Reason.TemporaryFailures.name());
    assertThat(status.getPhase()).isEqualTo(Phase.Training);
    assertThat(status.getRun().getTrain().getCrashes()).isZero();
    awaitJob("exp-train-3");
    // One failure metric per retried attempt, labelled with the stage's label (item 7).
    assertThat(operator.stageFailures("train", Reason.TrainingRestarted.name())).isEqualTo(3.0);
  }

  /** Item 7: a Failed experiment says why it failed again once an invalid edit is reverted. */
  @Test
  void aFailedExperimentShowsItsFailureAgainOnceAnInvalidEditIsReverted() throws Exception {
    ExperimentSpec spec = Experiments.tiny(s3.endpoint(), s3.bucket());
    storage.preprocessed(NS, "exp", spec);
    create(spec);
    cluster.terminate(
        cluster.runPod(awaitJob("exp-train-0"), "exp-train-0-abcde"), 2, "bad checkpoint");
    awaitStatus(s -> s.getPhase() == Phase.Failed);

    editSpec(s -> s.getTraining().setSteps(0));
    awaitStatus(s -> s.getMessage().startsWith("The spec is invalid"));
    editSpec(s -> s.getTraining().setSteps(1000));
    ExperimentStatus status = awaitStatus(s -> Long.valueOf(3).equals(s.getObservedGeneration()));
    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertThat(status.getMessage()).contains("bad checkpoint").doesNotContain("invalid");
    assertThat(status.findCondition(ConditionType.Stalled).orElseThrow().getReason())
        .isEqualTo(Reason.InvalidInput.name());
  }

  /**
   * Item 8: the spec changes are compared with lives in the status: deleting or editing the
   * ConfigMap changes nothing, and a mutable change says it waits for the next attempt.
   */
  @Test
  void theAcceptedSpecLivesInTheStatusAndDeferredChangesAreShown() throws Exception {
    ExperimentSpec spec = Experiments.tiny(s3.endpoint(), s3.bucket());
    storage.preprocessed(NS, "exp", spec);
    create(spec);
    Job first = awaitJob("exp-train-0");
    Pod trainer = cluster.runPod(first, "exp-train-0-abcde");
    awaitStatus(s -> s.getLastReconciledSpec() != null);

    client.configMaps().inNamespace(NS).withName("exp-config").delete();
    await().until(() -> client.configMaps().inNamespace(NS).withName("exp-config").get() != null);
    editSpec(s -> s.getModel().setGfDim(64));
    ExperimentStatus status = awaitStatus(s -> Long.valueOf(2).equals(s.getObservedGeneration()));
    assertThat(status.findCondition(ConditionType.Stalled).orElseThrow().getReason())
        .isEqualTo(Reason.ImmutableField.name());
    assertThat(status.getMessage()).contains("spec.model.gfDim");

    editSpec(
        s -> {
          s.getModel().setGfDim(null);
          s.getTraining().setGeneratorLearningRate(2e-4);
        });
    status =
        awaitStatus(
            s ->
                Long.valueOf(3).equals(s.getObservedGeneration())
                    && s.hasCondition(ConditionType.SpecApplied, ConditionStatus.False));
    assertThat(status.isConditionTrue(ConditionType.Stalled)).isFalse();
    assertThat(status.findCondition(ConditionType.SpecApplied).orElseThrow().getMessage())
        .contains("exp-train-0")
        .contains("exp-evaluate-0");

    cluster.terminate(trainer, 1, "crash");
    awaitJob("exp-train-1");
    status =
        awaitStatus(
            s ->
                !s.findCondition(ConditionType.SpecApplied)
                    .orElseThrow()
                    .getMessage()
                    .contains("exp-train-"));
    assertThat(status.findCondition(ConditionType.SpecApplied).orElseThrow().getMessage())
        .contains("exp-evaluate-0");
  }

  // Helpers

  private void create(ExperimentSpec spec) {
    if (operator == null) {
      operator = StandaloneOperator.start(client, StandaloneOperator.Timings.TEST);
    }
    client.resource(Experiments.experiment(NS, "exp", spec)).create();
  }

  private static RunPolicySpec nonce(String value) {
    RunPolicySpec policy = new RunPolicySpec();
    policy.setRestartNonce(value);
    return policy;
  }

  private List<String> objects() throws IOException {
    try (ObjectStore store = storage.experiment(NS, "exp")) {
      return store.list("").stream().map(o -> o.key()).toList();
    }
  }

  private List<Event> events(Reason reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getReason().equals(reason.name()))
        .toList();
  }

  private XmcganExperiment experiment() {
    return client.resources(XmcganExperiment.class).inNamespace(NS).withName("exp").get();
  }

  private void editSpec(Consumer<ExperimentSpec> change) {
    await()
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(
            () ->
                client
                        .resources(XmcganExperiment.class)
                        .inNamespace(NS)
                        .withName("exp")
                        .edit(
                            experiment -> {
                              change.accept(experiment.getSpec());
                              return experiment;
                            })
                    != null);
  }

  private Job awaitJob(String name) {
    return cluster.awaitJob(NS, name);
  }

  private ExperimentStatus awaitStatus(Predicate<ExperimentStatus> condition) {
    return cluster.awaitStatus(NS, "exp", Duration.ofSeconds(20), condition);
  }
}
