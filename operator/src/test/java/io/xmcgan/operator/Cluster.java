package io.xmcgan.operator;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.xmcgan.experiment.manifest.ExperimentJson;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.operator.workloads.JobRenderer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Does in tests what the Job controller and the kubelet do in a cluster: creates a Job's pod, runs
 * it, terminates it with an exit code and marks the Job complete or failed.
 */
public final class Cluster {

  /**
   * Pods are bound to a node that does not exist: on a real API server no scheduler or kubelet
   * touches them, so their status is what the test writes.
   */
  static final String NO_NODE = "xmcgan-test-no-node";

  static final String SLOW_TERMINATION = "xmcgan.io/test-slow-termination";

  /** How long a test waits for the operator by default. */
  static final Duration WAIT = Duration.ofSeconds(15);

  private final KubernetesClient client;

  public Cluster(KubernetesClient client) {
    this.client = client;
  }

  public Job job(String namespace, String name) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  /** The operator's reconcile loop is asynchronous: waits up to {@link #WAIT} for the Job. */
  public Job awaitJob(String namespace, String name) {
    return awaitJob(namespace, name, WAIT);
  }

  public Job awaitJob(String namespace, String name, Duration timeout) {
    return Awaitility.await().atMost(timeout).until(() -> job(namespace, name), j -> j != null);
  }

  /** Waits up to {@link #WAIT} for the experiment's status to satisfy {@code condition}. */
  public ExperimentStatus awaitStatus(
      String namespace, String name, Predicate<ExperimentStatus> condition) {
    return awaitStatus(namespace, name, WAIT, condition);
  }

  /** As above; a timeout's message shows the last status seen. */
  public ExperimentStatus awaitStatus(
      String namespace, String name, Duration timeout, Predicate<ExperimentStatus> condition) {
    AtomicReference<ExperimentStatus> last = new AtomicReference<>();
    try {
      return Awaitility.await()
          .atMost(timeout)
          .until(
              () -> {
                XmcganExperiment experiment =
                    client
                        .resources(XmcganExperiment.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .get();
                last.set(experiment == null ? null : experiment.getStatus());
                return last.get();
              },
              s -> s != null && condition.test(s));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "the status of "
              + namespace
              + "/"
              + name
              + " did not reach the expected state in "
              + timeout
              + "; last seen: "
              + ExperimentJson.json().valueToTree(last.get()).toPrettyString(),
          e);
    }
  }

  public List<Job> jobs(String namespace) {
    return client.batch().v1().jobs().inNamespace(namespace).list().getItems();
  }

  /** A running pod of the Job (template labels, owner reference to the Job). */
  public Pod runPod(Job job, String podName) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .withNamespace(job.getMetadata().getNamespace())
            .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
            .addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
            .addNewOwnerReference()
            .withApiVersion("batch/v1")
            .withKind("Job")
            .withName(job.getMetadata().getName())
            .withUid(job.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .editSpec()
            .withNodeName(NO_NODE)
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(JobRenderer.CONTAINER)
                    .withNewState()
                    .withNewRunning()
                    .withStartedAt(Instant.now().toString())
                    .endRunning()
                    .endState()
                    .build())
            .endStatus()
            .build();
    Pod created = client.pods().resource(pod).create();
    // A real API server drops the status sent with a create.
    created.setStatus(pod.getStatus());
    return client.pods().resource(created).updateStatus();
  }

  /** The scheduler placed the pending pod and its container runs. */
  public Pod start(Pod pod) {
    Pod current = client.pods().resource(pod).get();
    current.getStatus().setPhase("Running");
    current.getStatus().setConditions(List.of());
    current
        .getStatus()
        .setContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName(JobRenderer.CONTAINER)
                    .withNewState()
                    .withNewRunning()
                    .withStartedAt(Instant.now().toString())
                    .endRunning()
                    .endState()
                    .build()));
    return client.pods().resource(current).updateStatus();
  }

  /** A pod that stays Pending with the given container waiting reason (e.g. ImagePullBackOff). */
  public Pod pendingPod(Job job, String podName, String waitingReason, String message) {
    Pod pod = runPod(job, podName);
    pod.getStatus().setPhase("Pending");
    pod.getStatus()
        .setContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName(JobRenderer.CONTAINER)
                    .withNewState()
                    .withNewWaiting()
                    .withReason(waitingReason)
                    .withMessage(message)
                    .endWaiting()
                    .endState()
                    .build()));
    return client.pods().resource(pod).updateStatus();
  }

  /** A pod of the Job that no node can take: PodScheduled is False with the scheduler's message. */
  public Pod unschedulablePod(Job job, String podName, String message) {
    Pod pod = runPod(job, podName);
    pod.getStatus().setPhase("Pending");
    pod.getStatus().setContainerStatuses(List.of());
    pod.getStatus()
        .setConditions(
            List.of(
                new PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage(message)
                    .build()));
    return client.pods().resource(pod).updateStatus();
  }

  /**
   * Preemption as Kubernetes does it: the pod gets a DisruptionTarget condition, its container ends
   * with {@code exitCode} (75 after a checkpoint on SIGTERM, 137 when SIGKILL came first) and the
   * Job, whose backoffLimit is 0, fails.
   */
  public void preempt(Pod pod, Job job, int exitCode) {
    Pod current = client.pods().resource(pod).get();
    List<PodCondition> conditions = new ArrayList<>(current.getStatus().getConditions());
    conditions.add(
        new PodConditionBuilder()
            .withType("DisruptionTarget")
            .withStatus("True")
            .withReason("PreemptionByScheduler")
            .build());
    current.getStatus().setConditions(conditions);
    client.pods().resource(current).updateStatus();
    terminate(pod, exitCode, "the process received SIGTERM (pod eviction or preemption)");
    fail(job, "PodFailurePolicy");
  }

  /**
   * A pod that takes its time to terminate once deleted, as a trainer writing its SIGTERM
   * checkpoint does: a finalizer holds it (with a deletionTimestamp) until {@link
   * #finishTermination}.
   */
  public Pod slowToTerminate(Pod pod) {
    Pod current = client.pods().resource(pod).get();
    current.getMetadata().setFinalizers(List.of(SLOW_TERMINATION));
    return client.pods().resource(current).update();
  }

  /** The deleted pod's container ends with {@code exitCode} and the pod goes away. */
  public void finishTermination(Pod pod, int exitCode) {
    terminate(pod, exitCode, "killed after the grace period");
    Pod current = client.pods().resource(pod).get();
    current.getMetadata().setFinalizers(List.of());
    client.pods().resource(current).update();
  }

  /** The pod's container exits with {@code exitCode} and the termination message. */
  public void terminate(Pod pod, int exitCode, String message) {
    Pod current = client.pods().resource(pod).get();
    current.getStatus().setPhase(exitCode == 0 ? "Succeeded" : "Failed");
    current
        .getStatus()
        .setContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName(JobRenderer.CONTAINER)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(exitCode)
                    .withReason(exitCode == 0 ? "Completed" : "Error")
                    .withMessage(message)
                    .withFinishedAt(Instant.now().toString())
                    .endTerminated()
                    .endState()
                    .build()));
    client.pods().resource(current).updateStatus();
  }

  /**
   * What the garbage collector does after a Job is deleted: deletes the pods whose controller Job
   * (by UID) no longer exists.
   */
  public void collectGarbage(String namespace) {
    List<String> jobUids = jobs(namespace).stream().map(j -> j.getMetadata().getUid()).toList();
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      boolean orphan =
          pod.getMetadata().getOwnerReferences().stream()
              .filter(o -> "Job".equals(o.getKind()))
              .noneMatch(o -> jobUids.contains(o.getUid()));
      if (orphan) {
        client.pods().resource(pod).delete();
      }
    }
  }

  public void complete(Job job) {
    finish(job, "Complete", null);
  }

  public void fail(Job job, String reason) {
    finish(job, "Failed", reason);
  }

  private void finish(Job job, String type, String reason) {
    Job current = client.batch().v1().jobs().resource(job).get();
    if (current == null) {
      // The operator may act on the pod's terminal status before the Job controller marks the
      // Job, and delete it: there is then no Job left to mark, as on a real cluster.
      return;
    }
    String now = Instant.now().toString();
    current.setStatus(
        new JobStatusBuilder()
            .withStartTime(now)
            .withCompletionTime(type.equals("Complete") ? now : null)
            .withConditions(
                new JobConditionBuilder()
                    .withType(type)
                    .withStatus("True")
                    .withReason(reason)
                    .withLastTransitionTime(now)
                    .build())
            .build());
    client.batch().v1().jobs().resource(current).updateStatus();
  }
}
