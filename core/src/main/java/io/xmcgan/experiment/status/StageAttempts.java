package io.xmcgan.experiment.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The Jobs one stage of a run has had and how the finished ones ended. Each failed attempt is
 * counted once, in attempt order: {@code counted} is the number of attempts already counted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "attempts",
  "counted",
  "crashes",
  "temporaryFailures",
  "consecutiveTemporaryFailures",
  "interruptions"
})
public class StageAttempts {

  @JsonPropertyDescription(
      "Jobs created for the stage in this run; the next Job's attempt number. Names are never"
          + " reused.")
  private Integer attempts;

  @JsonPropertyDescription("Attempts whose outcome is counted in the fields below.")
  private Integer counted;

  @JsonPropertyDescription("Attempts that crashed (exit 1, an unknown code, OOMKilled).")
  private Integer crashes;

  @JsonPropertyDescription("Attempts that exited 75 (temporary) without being interrupted.")
  private Integer temporaryFailures;

  @JsonPropertyDescription("Temporary failures since the last attempt that ended otherwise.")
  private Integer consecutiveTemporaryFailures;

  @JsonPropertyDescription(
      "Attempts stopped from outside: preempted or evicted (DisruptionTarget) or killed after"
          + " their pod was deleted.")
  private Integer interruptions;

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }

  public Integer getCounted() {
    return counted;
  }

  public void setCounted(Integer counted) {
    this.counted = counted;
  }

  public Integer getCrashes() {
    return crashes;
  }

  public void setCrashes(Integer crashes) {
    this.crashes = crashes;
  }

  public Integer getTemporaryFailures() {
    return temporaryFailures;
  }

  public void setTemporaryFailures(Integer temporaryFailures) {
    this.temporaryFailures = temporaryFailures;
  }

  public Integer getConsecutiveTemporaryFailures() {
    return consecutiveTemporaryFailures;
  }

  public void setConsecutiveTemporaryFailures(Integer consecutiveTemporaryFailures) {
    this.consecutiveTemporaryFailures = consecutiveTemporaryFailures;
  }

  public Integer getInterruptions() {
    return interruptions;
  }

  public void setInterruptions(Integer interruptions) {
    this.interruptions = interruptions;
  }
}
