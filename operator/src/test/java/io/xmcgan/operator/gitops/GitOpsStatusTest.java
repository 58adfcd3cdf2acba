package io.xmcgan.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xmcgan.experiment.manifest.ExperimentJson;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.gitops.Kstatus.Status;
import io.xmcgan.operator.reconcile.ComposedStatuses;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What GitOps tools make of the statuses the operator writes (docs/experiment-reference.md,
 * "GitOps"), one row per situation: Argo CD's health from the script users paste into argocd-cm,
 * kstatus (Flux) and whether each documented {@code kubectl wait} ends.
 */
class GitOpsStatusTest {

  static final KubectlWaitCondition SUCCEEDED = new KubectlWaitCondition("Succeeded", "True");
  static final KubectlWaitCondition FAILED = new KubectlWaitCondition("Succeeded", "False");
  static final KubectlWaitCondition DONE = new KubectlWaitCondition("Reconciling", "False");

  private static ArgoCdHealth argo;
  private static final Map<String, ExperimentStatus> STATUSES = ComposedStatuses.all();

  @BeforeAll
  static void load() throws IOException {
    argo = ArgoCdHealth.load();
  }

  /** Argo CD health, kstatus, and which of SUCCEEDED, FAILED, DONE end: S, F, D or -. */
  static Stream<Arguments> situations() {
    return Stream.of(
        row("Pending, storage unreadable", "Progressing", Status.InProgress, "-"),
        row("Pending, waiting for capacity", "Progressing", Status.InProgress, "-"),
        row("Preprocessing", "Progressing", Status.InProgress, "-"),
        row("Preprocessing, pod running", "Progressing", Status.InProgress, "-"),
        row("Training, Ready", "Progressing", Status.InProgress, "-"),
        row("Training, crash retried", "Progressing", Status.InProgress, "-"),
        row("Training, Stalled by temporary failures", "Degraded", Status.Failed, "-"),
        row("Evaluating", "Progressing", Status.InProgress, "-"),
        row("Suspended", "Suspended", Status.Current, "D"),
        row("Succeeded", "Healthy", Status.Current, "SD"),
        row("Failed, exit 2", "Degraded", Status.Failed, "FD"),
        row("Failed, backoffLimit", "Degraded", Status.Failed, "FD"),
        row("invalid spec (new experiment)", "Degraded", Status.Failed, "D"),
        row("endpoint not allowed (while Training)", "Degraded", Status.Failed, "D"),
        row("reconcile failing, retried (while Training)", "Progressing", Status.InProgress, "-"),
        row("reconcile failed, gave up (while Training)", "Degraded", Status.Failed, "-"));
  }

  @ParameterizedTest(name = "{0}: {1}, {2}, {3}")
  @MethodSource("situations")
  void eachToolReadsTheComposedStatus(
      String situation, String health, Status kstatus, String waitsThatEnd) {
    JsonNode object = object(STATUSES.get(situation), ComposedStatuses.GENERATION);

    assertThat(argo.check(object).status()).as("Argo CD health").isEqualTo(health);
    assertThat(Kstatus.compute(object)).as("kstatus").isEqualTo(kstatus);
    assertThat(SUCCEEDED.met(object))
        .as(SUCCEEDED.toString())
        .isEqualTo(waitsThatEnd.contains("S"));
    assertThat(FAILED.met(object)).as(FAILED.toString()).isEqualTo(waitsThatEnd.contains("F"));
    assertThat(DONE.met(object)).as(DONE.toString()).isEqualTo(waitsThatEnd.contains("D"));
  }

  @Test
  void everySituationIsInTheTableAndEveryPhaseHasOne() {
    assertThat(situations().map(a -> (String) a.get()[0]))
        .containsExactlyInAnyOrderElementsOf(STATUSES.keySet());
    assertThat(
            STATUSES.values().stream().map(ExperimentStatus::getPhase).collect(Collectors.toSet()))
        .containsAll(Arrays.asList(Phase.values()));
  }

  @Test
  void theMessagesSayWhy() {
    assertThat(argo.check(object(STATUSES.get("Failed, exit 2"), ComposedStatuses.GENERATION)))
        .isEqualTo(
            new ArgoCdHealth.Health(
                "Degraded",
                "InvalidInput: "
                    + STATUSES
                        .get("Failed, exit 2")
                        .findCondition(io.xmcgan.experiment.status.ConditionType.Succeeded)
                        .orElseThrow()
                        .getMessage()));
    assertThat(argo.check(object(STATUSES.get("Training, Ready"), ComposedStatuses.GENERATION)))
        .isEqualTo(
            new ArgoCdHealth.Health(
                "Progressing", "Training: " + STATUSES.get("Training, Ready").getMessage()));
    assertThat(
            argo.check(
                    object(
                        STATUSES.get("endpoint not allowed (while Training)"),
                        ComposedStatuses.GENERATION))
                .message())
        .startsWith("EndpointNotAllowed: spec.storage.endpoint 'http://169.254.169.254'");
  }

  @Test
  void aSpecTheOperatorHasNotSeenIsInProgressEverywhere() {
    JsonNode ahead = object(STATUSES.get("Succeeded"), ComposedStatuses.GENERATION + 1);

    assertThat(argo.check(ahead))
        .isEqualTo(
            new ArgoCdHealth.Health(
                "Progressing", "Waiting for the operator to observe generation 4"));
    assertThat(Kstatus.compute(ahead)).isEqualTo(Status.InProgress);
    assertThat(SUCCEEDED.met(ahead)).isFalse();
    assertThat(DONE.met(ahead)).isFalse();
  }

  @Test
  void anExperimentWithoutStatus() {
    ObjectNode fresh = object(null, 1);

    assertThat(argo.check(fresh).status()).isEqualTo("Progressing");
    // kstatus has nothing to go on before the operator's first status: Current
    // (docs/experiment-reference.md, "GitOps").
    assertThat(Kstatus.compute(fresh)).isEqualTo(Status.Current);
    assertThat(DONE.met(fresh)).isFalse();
  }

  @Test
  void aDeletedExperimentIsTerminatingForKstatus() {
    ObjectNode deleting = object(STATUSES.get("Training, Ready"), ComposedStatuses.GENERATION);
    ((ObjectNode) deleting.get("metadata")).put("deletionTimestamp", "2026-03-01T12:00:00Z");

    assertThat(Kstatus.compute(deleting)).isEqualTo(Status.Terminating);
  }

  @Test
  void aPhaseThisScriptDoesNotKnowIsUnknown() {
    ObjectNode future = object(STATUSES.get("Succeeded"), ComposedStatuses.GENERATION);
    ((ObjectNode) future.get("status")).put("phase", "Archived");

    assertThat(argo.check(future))
        .isEqualTo(new ArgoCdHealth.Health("Unknown", "Unknown phase Archived"));
  }

  private static Arguments row(String situation, String health, Status kstatus, String ends) {
    return Arguments.of(situation, health, kstatus, ends);
  }

  private static ObjectNode object(ExperimentStatus status, long generation) {
    ObjectNode object = ExperimentJson.json().createObjectNode();
    object.put("apiVersion", "xmcgan.io/v1");
    object.put("kind", "XmcganExperiment");
    object
        .putObject("metadata")
        .put("name", "exp")
        .put("namespace", "ns")
        .put("generation", generation);
    if (status != null) {
      object.set("status", ExperimentJson.json().valueToTree(status));
    }
    return object;
  }
}
