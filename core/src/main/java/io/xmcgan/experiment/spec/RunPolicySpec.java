package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.xmcgan.experiment.resolve.ExperimentDefaults;

/** Suspension, retries, deadlines and restarts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "suspend",
  "backoffLimit",
  "activeDeadlineSeconds",
  "startupDeadlineSeconds",
  "capacityWaitSeconds",
  "ttlSecondsAfterFinished",
  "restartNonce"
})
public class RunPolicySpec {

  @JsonPropertyDescription(
      "Delete the running pods and keep storage; false resumes from the latest checkpoint. Default false.")
  @Default("false")
  private Boolean suspend;

  @JsonPropertyDescription("Retries of a failing stage before the experiment fails. Default 3.")
  @Min(0)
  @Default("" + ExperimentDefaults.BACKOFF_LIMIT)
  private Integer backoffLimit;

  @JsonPropertyDescription(
      "Fail the experiment when its stage pods have run this long in the current run (time waiting"
          + " for capacity or suspended does not count). Default: no deadline.")
  @Min(1)
  private Long activeDeadlineSeconds;

  @JsonPropertyDescription(
      "Fail a stage whose first attempt's pods have not started after this long (e.g. no node has"
          + " the GPUs, a wrong image). Default 600.")
  @Min(1)
  @Default("" + ExperimentDefaults.STARTUP_DEADLINE_SECONDS)
  private Long startupDeadlineSeconds;

  @JsonPropertyDescription(
      "How long a later attempt (after a preemption, failure or resume) may wait for capacity, its"
          + " pods unschedulable or not created, before the experiment fails. Default: no limit.")
  @Min(1)
  private Long capacityWaitSeconds;

  @JsonPropertyDescription("Delete finished child Jobs after this long. Default: keep them.")
  @Min(0)
  private Long ttlSecondsAfterFinished;

  @JsonPropertyDescription("Change to restart from scratch, allowing model and dataset changes.")
  @Size(max = 63)
  private String restartNonce;

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public Integer getBackoffLimit() {
    return backoffLimit;
  }

  public void setBackoffLimit(Integer backoffLimit) {
    this.backoffLimit = backoffLimit;
  }

  public Long getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }

  public Long getStartupDeadlineSeconds() {
    return startupDeadlineSeconds;
  }

  public void setStartupDeadlineSeconds(Long startupDeadlineSeconds) {
    this.startupDeadlineSeconds = startupDeadlineSeconds;
  }

  public Long getCapacityWaitSeconds() {
    return capacityWaitSeconds;
  }

  public void setCapacityWaitSeconds(Long capacityWaitSeconds) {
    this.capacityWaitSeconds = capacityWaitSeconds;
  }

  public Long getTtlSecondsAfterFinished() {
    return ttlSecondsAfterFinished;
  }

  public void setTtlSecondsAfterFinished(Long ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }

  public String getRestartNonce() {
    return restartNonce;
  }

  public void setRestartNonce(String restartNonce) {
    this.restartNonce = restartNonce;
  }
}
