package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.xmcgan.experiment.status.ConditionType;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.storage.testing.S3ProxyExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator can be restarted at any moment (a new leader, a rollout, a crash): the new instance
 * rebuilds everything from the cluster and storage, creates no second copy of a child, keeps every
 * status field and condition timestamp, and picks up what happened while no operator ran.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorRestartTest {

  @RegisterExtension final S3ProxyExtension s3 = new S3ProxyExtension();

  static final String NS = "restart";

  KubernetesClient client;
  private Storage storage;
  private Cluster cluster;
  private StandaloneOperator operator;

  @BeforeEach
  void start() throws Exception {
    storage = new Storage(s3.server(), s3.bucket());
    cluster = new Cluster(client);
    client.secrets().resource(Experiments.credentials(NS)).create();
    storage.preprocessed(NS, "exp", Experiments.tiny(s3.endpoint(), s3.bucket()));
    client
        .resource(Experiments.experiment(NS, "exp", Experiments.tiny(s3.endpoint(), s3.bucket())))
        .create();
    operator = StandaloneOperator.start(client, StandaloneOperator.Timings.TEST);
  }

  @AfterEach
  void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void restartDuringTrainingCreatesNoDuplicatesAndKeepsTheStatus() throws Exception {
    Job train = await().until(() -> cluster.job(NS, "exp-train-0"), j -> j != null);
    cluster.runPod(train, "exp-train-0-abcde");
    storage.progress(NS, "exp", 500, 1000, 40.0);
    storage.checkpoint(NS, "exp", 500);
    storage.metrics(NS, "exp", 500, 123.4, 2.5);
    ExperimentStatus before =
        awaitStatus(
            s ->
                s.getProgress() != null
                    && Long.valueOf(500).equals(s.getProgress().getStep())
                    && s.getCheckpoint() != null
                    && s.getEvaluation() != null
                    && s.isConditionTrue(ConditionType.Ready));
    Map<String, String> jobUids = jobUids();
    Map<String, Integer> eventCounts = eventCounts();

    restartOperator();
    double reconciled = operator.reconciles();
    // Several poll rounds of the new instance (1 s each in tests).
    await().atMost(Duration.ofSeconds(20)).until(() -> operator.reconciles() >= reconciled + 3);

    assertThat(jobUids()).as("the same Job objects, none added").isEqualTo(jobUids);
    assertThat(eventCounts()).as("no stage event repeated").isEqualTo(eventCounts);
    ExperimentStatus after = status();
    assertThat(after.getPhase()).isEqualTo(Phase.Training);
    assertThat(after.getProgress().getStep()).isEqualTo(500L);
    assertThat(after.getCheckpoint().getStep()).isEqualTo(500L);
    assertThat(after.getCheckpoint().getRestarts()).isZero();
    assertThat(after.getEvaluation().getBest().getFid()).isEqualTo(123.4);
    assertThat(transitionTimes(after)).isEqualTo(transitionTimes(before));
  }

  @Test
  void failureWhileNoOperatorRunsIsRetriedOnceAfterTheRestart() throws Exception {
    Job train = await().until(() -> cluster.job(NS, "exp-train-0"), j -> j != null);
    Pod trainer = cluster.runPod(train, "exp-train-0-abcde");
    storage.checkpoint(NS, "exp", 300);
    awaitStatus(
        s -> s.getCheckpoint() != null && Long.valueOf(300).equals(s.getCheckpoint().getStep()));

    operator.close();
    operator = null;
    cluster.terminate(trainer, 137, "OOMKilled");
    cluster.fail(train, "BackoffLimitExceeded");
    operator = StandaloneOperator.start(client, StandaloneOperator.Timings.TEST);

    ExperimentStatus status =
        awaitStatus(s -> Integer.valueOf(1).equals(s.getCheckpoint().getRestarts()));
    assertThat(status.getCheckpoint().getRestoredFrom()).endsWith("checkpoints/step-00000300/");
    double reconciled = operator.reconciles();
    await().atMost(Duration.ofSeconds(20)).until(() -> operator.reconciles() >= reconciled + 3);
    assertThat(cluster.jobs(NS))
        .extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder("exp-train-0", "exp-train-1", "exp-evaluate-0");
    assertThat(status().getCheckpoint().getRestarts()).isEqualTo(1);
    assertThat(
            events().stream()
                .filter(e -> e.getReason().equals("TrainingRestarted"))
                .mapToInt(Event::getCount)
                .sum())
        .isEqualTo(1);
  }

  private void restartOperator() {
    operator.close();
    operator = StandaloneOperator.start(client, StandaloneOperator.Timings.TEST);
  }

  private Map<String, String> jobUids() {
    return cluster.jobs(NS).stream()
        .collect(Collectors.toMap(j -> j.getMetadata().getName(), j -> j.getMetadata().getUid()));
  }

  private Map<String, Integer> eventCounts() {
    return events().stream()
        .collect(Collectors.toMap(Event::getReason, Event::getCount, Integer::sum));
  }

  private List<Event> events() {
    return client.v1().events().inNamespace(NS).list().getItems();
  }

  private static Map<String, String> transitionTimes(ExperimentStatus status) {
    return status.getConditions().stream()
        .collect(Collectors.toMap(Condition::getType, Condition::getLastTransitionTime));
  }

  private ExperimentStatus status() {
    return client
        .resources(XmcganExperiment.class)
        .inNamespace(NS)
        .withName("exp")
        .get()
        .getStatus();
  }

  private ExperimentStatus awaitStatus(Predicate<ExperimentStatus> condition) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(this::status, s -> s != null && condition.test(s));
  }
}
