package io.xmcgan.experiment.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.xmcgan.experiment.manifest.ExperimentJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentStatusTest {

  private static final Instant T0 = Instant.parse("2025-01-02T03:04:05.678Z");
  private static final Instant T1 = T0.plusSeconds(60);

  @Test
  void conditionKeepsTransitionTimeWhileItsStatusIsUnchanged() {
    ExperimentStatus status = new ExperimentStatus();
    status.setCondition(
        ConditionType.Ready, ConditionStatus.False, "Preprocessing", "converting", 1, T0);

    status.setCondition(ConditionType.Ready, ConditionStatus.False, "Training", "step 10", 2, T1);

    Condition ready = status.findCondition(ConditionType.Ready).orElseThrow();
    assertThat(ready.getLastTransitionTime()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(ready.getReason()).isEqualTo("Training");
    assertThat(ready.getMessage()).isEqualTo("step 10");
    assertThat(ready.getObservedGeneration()).isEqualTo(2);
    assertThat(status.getConditions()).hasSize(1);
  }

  @Test
  void conditionStatusChangeMovesTransitionTimeAndLeavesOldListUntouched() {
    ExperimentStatus status = new ExperimentStatus();
    status.setCondition(ConditionType.Ready, ConditionStatus.False, "Pending", "", 1, T0);
    status.setCondition(ConditionType.Stalled, ConditionStatus.False, "Healthy", "", 1, T0);
    List<Condition> before = status.getConditions();

    status.setCondition(ConditionType.Ready, ConditionStatus.True, "Training", "", 1, T1);

    assertThat(status.findCondition(ConditionType.Ready).orElseThrow().getLastTransitionTime())
        .isEqualTo("2025-01-02T03:05:05Z");
    assertThat(status.isConditionTrue(ConditionType.Ready)).isTrue();
    assertThat(status.getConditions())
        .extracting(Condition::getType)
        .containsExactly("Ready", "Stalled");
    assertThat(before.get(0).getStatus()).isEqualTo("False");
  }

  @Test
  void historyKeepsTheNewestTwentyAndBestIsTheLowestFid() {
    EvaluationStatus evaluation = new EvaluationStatus();
    for (int i = 1; i <= 25; i++) {
      double fid = i == 3 ? 5.0 : 100.0 - i;
      evaluation.record(EvaluationResult.of(i * 1000L, fid, 0.1, 10 + i, 0.2));
    }

    assertThat(evaluation.getHistory()).hasSize(EvaluationStatus.HISTORY_LIMIT);
    assertThat(evaluation.getHistory().get(0).getStep()).isEqualTo(6000);
    assertThat(evaluation.getLatest().getStep()).isEqualTo(25000);
    assertThat(evaluation.getBest().getStep()).isEqualTo(3000);
    assertThat(evaluation.getBest().getFid()).isEqualTo(5.0);
  }

  @Test
  void reEvaluatedStepReplacesItsEntryAndNonFiniteFidIsNeverBest() {
    EvaluationStatus evaluation = new EvaluationStatus();
    evaluation.record(EvaluationResult.of(2000, 30.0, 0, 5, 0));
    evaluation.record(EvaluationResult.of(1000, Double.NaN, 0, 5, 0));
    evaluation.record(EvaluationResult.of(2000, 40.0, 0, 5, 0));

    assertThat(evaluation.getHistory())
        .extracting(EvaluationResult::getStep)
        .containsExactly(1000L, 2000L);
    assertThat(evaluation.getLatest().getFid()).isEqualTo(40.0);
    assertThat(evaluation.getBest().getFid()).isEqualTo(40.0);
  }

  @Test
  void serialisesWithTheArchitectureFieldNames() {
    ExperimentStatus status = new ExperimentStatus();
    status.setObservedGeneration(3L);
    status.setPhase(Phase.Training);
    ProgressStatus progress = new ProgressStatus();
    progress.setStep(10L);
    progress.setLosses(java.util.Map.of("d_loss", 5.7));
    status.setProgress(progress);
    status.setEvaluation(new EvaluationStatus());
    status.getEvaluation().record(EvaluationResult.of(10, 50, 1, 3, 0.1));

    JsonNode json = ExperimentJson.json().valueToTree(status);

    assertThat(json.path("phase").asText()).isEqualTo("Training");
    assertThat(json.path("progress").path("losses").path("d_loss").asDouble()).isEqualTo(5.7);
    assertThat(json.path("evaluation").path("best").path("fidStd").asDouble()).isEqualTo(1.0);
    assertThat(json.has("conditions")).isFalse();
  }
}
