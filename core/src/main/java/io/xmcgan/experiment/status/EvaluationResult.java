package io.xmcgan.experiment.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** FID and Inception Score of one checkpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "step",
  "fid",
  "fidStd",
  "inceptionScore",
  "inceptionScoreStd",
  "captionFollowing"
})
public class EvaluationResult {

  @JsonPropertyDescription("Checkpoint step.")
  private Long step;

  @JsonPropertyDescription("Frechet Inception Distance (mean over repeats; lower is better).")
  private Double fid;

  @JsonPropertyDescription("Standard deviation of the FID over repeats.")
  private Double fidStd;

  @JsonPropertyDescription("Inception Score (mean over repeats).")
  private Double inceptionScore;

  @JsonPropertyDescription("Standard deviation of the Inception Score over repeats.")
  private Double inceptionScoreStd;

  @JsonPropertyDescription(
      "Share of generated probe images with the caption's colour and shape, as the shapes"
          + " dataset's classifier sees them (builtin shapes dataset only).")
  private Double captionFollowing;

  public static EvaluationResult of(
      long step, double fid, double fidStd, double inceptionScore, double inceptionScoreStd) {
    EvaluationResult result = new EvaluationResult();
    result.step = step;
    result.fid = fid;
    result.fidStd = fidStd;
    result.inceptionScore = inceptionScore;
    result.inceptionScoreStd = inceptionScoreStd;
    return result;
  }

  public Long getStep() {
    return step;
  }

  public void setStep(Long step) {
    this.step = step;
  }

  public Double getFid() {
    return fid;
  }

  public void setFid(Double fid) {
    this.fid = fid;
  }

  public Double getFidStd() {
    return fidStd;
  }

  public void setFidStd(Double fidStd) {
    this.fidStd = fidStd;
  }

  public Double getInceptionScore() {
    return inceptionScore;
  }

  public void setInceptionScore(Double inceptionScore) {
    this.inceptionScore = inceptionScore;
  }

  public Double getInceptionScoreStd() {
    return inceptionScoreStd;
  }

  public void setInceptionScoreStd(Double inceptionScoreStd) {
    this.inceptionScoreStd = inceptionScoreStd;
  }

  public Double getCaptionFollowing() {
    return captionFollowing;
  }

  public void setCaptionFollowing(Double captionFollowing) {
    this.captionFollowing = captionFollowing;
  }
}
