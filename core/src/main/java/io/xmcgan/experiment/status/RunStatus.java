package io.xmcgan.experiment.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One run of an experiment: everything between two changes of {@code spec.runPolicy.restartNonce}.
 * Each run writes under its own storage root, so a new run never resumes an old run's checkpoint
 * (docs/experiment-reference.md, status). The attempt counters live here rather than being counted
 * from the Jobs in the cluster, so that they survive Jobs deleted by suspend, by hand or by a TTL.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "id",
  "restartNonce",
  "storageUri",
  "endpoint",
  "startedAt",
  "activeSeconds",
  "activeSince",
  "preprocess",
  "train",
  "evaluate"
})
public class RunStatus {

  @JsonPropertyDescription(
      "Run identity: 0 without a restartNonce, otherwise derived from it; the xmcgan.io/run label"
          + " of the run's Jobs.")
  private String id;

  @JsonPropertyDescription("spec.runPolicy.restartNonce the run started with.")
  private String restartNonce;

  @JsonPropertyDescription("Storage root of the run's objects (data, checkpoints, metrics).")
  private String storageUri;

  @JsonPropertyDescription("S3 endpoint of storageUri; absent for local storage.")
  private String endpoint;

  @JsonPropertyDescription("When the operator started the run (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription(
      "Seconds a stage pod of the run was running, up to activeSince (activeDeadlineSeconds counts"
          + " this, not time waiting in a queue or suspended).")
  private Long activeSeconds;

  @JsonPropertyDescription("Since when a stage pod has been running, or absent while none runs.")
  private String activeSince;

  @JsonPropertyDescription("Attempts and failures of the preprocessing stage.")
  private StageAttempts preprocess;

  @JsonPropertyDescription("Attempts and failures of the training stage.")
  private StageAttempts train;

  @JsonPropertyDescription("Attempts and failures of the evaluation stage.")
  private StageAttempts evaluate;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getRestartNonce() {
    return restartNonce;
  }

  public void setRestartNonce(String restartNonce) {
    this.restartNonce = restartNonce;
  }

  public String getStorageUri() {
    return storageUri;
  }

  public void setStorageUri(String storageUri) {
    this.storageUri = storageUri;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public Long getActiveSeconds() {
    return activeSeconds;
  }

  public void setActiveSeconds(Long activeSeconds) {
    this.activeSeconds = activeSeconds;
  }

  public String getActiveSince() {
    return activeSince;
  }

  public void setActiveSince(String activeSince) {
    this.activeSince = activeSince;
  }

  public StageAttempts getPreprocess() {
    return preprocess;
  }

  public void setPreprocess(StageAttempts preprocess) {
    this.preprocess = preprocess;
  }

  public StageAttempts getTrain() {
    return train;
  }

  public void setTrain(StageAttempts train) {
    this.train = train;
  }

  public StageAttempts getEvaluate() {
    return evaluate;
  }

  public void setEvaluate(StageAttempts evaluate) {
    this.evaluate = evaluate;
  }
}
