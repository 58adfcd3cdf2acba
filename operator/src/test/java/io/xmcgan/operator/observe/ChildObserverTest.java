package io.xmcgan.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.xmcgan.operator.workloads.ChildNames;
import io.xmcgan.stage.Stage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How pods are attached to Jobs and how a container's end is read. */
class ChildObserverTest {

  @Test
  void aPodBelongsToTheJobItsOwnerUidNamesNotToANewJobOfTheSameName() {
    Job current = job("exp-train-0", "uid-new");
    Pod oldTerminating = pod("exp-train-0-old", "exp-train-0", "uid-old");
    terminated(oldTerminating, 137, "Error");
    oldTerminating.getStatus().setPhase("Running");
    oldTerminating.getMetadata().setDeletionTimestamp("2026-03-01T12:00:00Z");

    Children children =
        ChildObserver.observe(List.of(current), List.of(oldTerminating), Optional.empty(), "0");

    Attempt attempt = children.latest(Stage.TRAIN).orElseThrow();
    assertThat(attempt.state()).isEqualTo(AttemptState.ACTIVE);
    assertThat(attempt.termination()).isEmpty();
    assertThat(children.leftoverPods(Stage.TRAIN)).containsExactly("exp-train-0-old");
  }

  @Test
  void aFinishedPodOfAnotherJobBlocksNothing() {
    Pod old = pod("exp-train-0-old", "exp-train-0", "uid-old");
    terminated(old, 1, "Error");

    Children children = ChildObserver.observe(List.of(), List.of(old), Optional.empty(), "0");

    assertThat(children.leftoverPods(Stage.TRAIN)).isEmpty();
  }

  @Test
  void aContainerKilledAfterItsPodWasDeletedWasInterruptedUnlessItRanOutOfMemory() {
    Job job = job("exp-train-0", "uid-1");
    Pod deleted = pod("exp-train-0-a", "exp-train-0", "uid-1");
    terminated(deleted, 137, "Error");
    deleted.getMetadata().setDeletionTimestamp("2026-03-01T12:00:00Z");
    Pod oom = pod("exp-train-0-b", "exp-train-0", "uid-1");
    terminated(oom, 137, "OOMKilled");
    oom.getMetadata().setDeletionTimestamp("2026-03-01T12:00:00Z");

    assertThat(kind(job, deleted)).isEqualTo(FailureKind.INTERRUPTED);
    assertThat(kind(job, oom)).isEqualTo(FailureKind.CRASH);
  }

  @Test
  void aPreemptedPodWasInterruptedWhateverItsExitCode() {
    Job job = job("exp-train-0", "uid-1");
    Pod preempted = pod("exp-train-0-a", "exp-train-0", "uid-1");
    terminated(preempted, 75, "Error");
    disrupted(preempted);
    Pod storageDown = pod("exp-train-0-b", "exp-train-0", "uid-1");
    terminated(storageDown, 75, "Error");

    assertThat(kind(job, preempted)).isEqualTo(FailureKind.INTERRUPTED);
    assertThat(kind(job, storageDown)).isEqualTo(FailureKind.TEMPORARY);
  }

  @Test
  void aFailedJobWaitsForItsStillRunningPodToSayHowItEnded() {
    Job job = job("exp-train-0", "uid-1");
    job.setStatus(
        new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
            .addNewCondition()
            .withType("Failed")
            .withStatus("True")
            .withReason("PodFailurePolicy")
            .endCondition()
            .build());
    Pod stale = pod("exp-train-0-a", "exp-train-0", "uid-1");
    stale.getStatus().setPhase("Running");
    stale
        .getStatus()
        .setContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName("main")
                    .withNewState()
                    .withNewRunning()
                    .endRunning()
                    .endState()
                    .build()));

    assertThat(attempt(job, stale).state()).isEqualTo(AttemptState.ACTIVE);

    Pod preempted = pod("exp-train-0-a", "exp-train-0", "uid-1");
    assertThat(attempt(job).state()).as("no pod left to tell").isEqualTo(AttemptState.FAILED);

    stale.getMetadata().setDeletionTimestamp("2026-03-01T12:00:00Z");
    assertThat(attempt(job, stale).state())
        .as("a pod being deleted with its failed Job")
        .isEqualTo(AttemptState.FAILED);

    terminated(preempted, 137, "Error");
    disrupted(preempted);
    assertThat(kind(job, preempted)).isEqualTo(FailureKind.INTERRUPTED);
  }

  private static Attempt attempt(Job job, Pod... pods) {
    return ChildObserver.observe(List.of(job), List.of(pods), Optional.empty(), "0")
        .latest(Stage.TRAIN)
        .orElseThrow();
  }

  private static void disrupted(Pod pod) {
    pod.getStatus()
        .getConditions()
        .add(
            new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                .withType("DisruptionTarget")
                .withStatus("True")
                .build());
  }

  private static FailureKind kind(Job job, Pod pod) {
    Attempt attempt = attempt(job, pod);
    assertThat(attempt.state()).isEqualTo(AttemptState.FAILED);
    return attempt.termination().orElseThrow().kind();
  }

  private static Job job(String name, String uid) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withUid(uid)
        .withCreationTimestamp("2026-03-01T11:00:00Z")
        .withLabels(ChildNames.jobLabels("exp", Stage.TRAIN, 0, "0"))
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .build();
  }

  private static Pod pod(String name, String jobName, String jobUid) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withCreationTimestamp("2026-03-01T11:00:01Z")
        .withLabels(ChildNames.jobLabels("exp", Stage.TRAIN, 0, "0"))
        .addNewOwnerReference()
        .withKind("Job")
        .withName(jobName)
        .withUid(jobUid)
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewStatus()
        .withPhase("Failed")
        .endStatus()
        .build();
  }

  private static void terminated(Pod pod, int exitCode, String reason) {
    pod.getStatus()
        .setContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName("main")
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(exitCode)
                    .withReason(reason)
                    .withFinishedAt("2026-03-01T11:30:00Z")
                    .endTerminated()
                    .endState()
                    .build()));
  }
}
