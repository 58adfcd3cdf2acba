package io.xmcgan.experiment.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Evaluation results: the latest, the best (lowest FID) and a bounded history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"latest", "best", "history"})
public class EvaluationStatus {

  /** Entries kept in {@link #getHistory()}: enough for a trend, small enough for etcd. */
  public static final int HISTORY_LIMIT = 20;

  @JsonPropertyDescription("Result of the newest evaluated checkpoint.")
  private EvaluationResult latest;

  @JsonPropertyDescription("Result with the lowest FID so far.")
  private EvaluationResult best;

  @JsonPropertyDescription("The last 20 results, oldest first.")
  private List<EvaluationResult> history;

  /**
   * Adds a result: it replaces an earlier one of the same step, the history keeps the 20 highest
   * steps in step order, latest is the highest step and best the lowest finite FID ever recorded
   * (also when its entry has left the history).
   */
  public void record(EvaluationResult result) {
    List<EvaluationResult> entries = history == null ? new ArrayList<>() : new ArrayList<>(history);
    entries.removeIf(entry -> entry.getStep().equals(result.getStep()));
    entries.add(result);
    entries.sort(Comparator.comparing(EvaluationResult::getStep));
    if (entries.size() > HISTORY_LIMIT) {
      entries = new ArrayList<>(entries.subList(entries.size() - HISTORY_LIMIT, entries.size()));
    }
    history = entries;
    latest = entries.get(entries.size() - 1);
    if (best != null && best.getStep().equals(result.getStep())) {
      best = null;
    }
    for (EvaluationResult entry : entries) {
      if (isBetter(entry, best)) {
        best = entry;
      }
    }
  }

  private static boolean isBetter(EvaluationResult candidate, EvaluationResult current) {
    if (candidate.getFid() == null || !Double.isFinite(candidate.getFid())) {
      return false;
    }
    return current == null || candidate.getFid() < current.getFid();
  }

  public EvaluationResult getLatest() {
    return latest;
  }

  public void setLatest(EvaluationResult latest) {
    this.latest = latest;
  }

  public EvaluationResult getBest() {
    return best;
  }

  public void setBest(EvaluationResult best) {
    this.best = best;
  }

  public List<EvaluationResult> getHistory() {
    return history;
  }

  public void setHistory(List<EvaluationResult> history) {
    this.history = history;
  }
}
