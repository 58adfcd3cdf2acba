package io.xmcgan.experiment.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** Training progress as last reported by the trainer's progress.json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "step",
  "totalSteps",
  "percent",
  "imagesPerSecond",
  "etaSeconds",
  "lastUpdate",
  "losses"
})
public class ProgressStatus {

  @JsonPropertyDescription("Latest completed generator step.")
  private Long step;

  @JsonPropertyDescription("spec.training.steps.")
  private Long totalSteps;

  @JsonPropertyDescription("step / totalSteps * 100.")
  private Double percent;

  @JsonPropertyDescription("Training throughput over the last report interval.")
  private Double imagesPerSecond;

  @JsonPropertyDescription("Estimated seconds until training finishes.")
  private Long etaSeconds;

  @JsonPropertyDescription("When the trainer wrote the progress (RFC 3339).")
  private String lastUpdate;

  @JsonPropertyDescription("Latest losses by name (d_loss, g_loss, ...).")
  private Map<String, Double> losses;

  public Long getStep() {
    return step;
  }

  public void setStep(Long step) {
    this.step = step;
  }

  public Long getTotalSteps() {
    return totalSteps;
  }

  public void setTotalSteps(Long totalSteps) {
    this.totalSteps = totalSteps;
  }

  public Double getPercent() {
    return percent;
  }

  public void setPercent(Double percent) {
    this.percent = percent;
  }

  public Double getImagesPerSecond() {
    return imagesPerSecond;
  }

  public void setImagesPerSecond(Double imagesPerSecond) {
    this.imagesPerSecond = imagesPerSecond;
  }

  public Long getEtaSeconds() {
    return etaSeconds;
  }

  public void setEtaSeconds(Long etaSeconds) {
    this.etaSeconds = etaSeconds;
  }

  public String getLastUpdate() {
    return lastUpdate;
  }

  public void setLastUpdate(String lastUpdate) {
    this.lastUpdate = lastUpdate;
  }

  public Map<String, Double> getLosses() {
    return losses;
  }

  public void setLosses(Map<String, Double> losses) {
    this.losses = losses;
  }
}
