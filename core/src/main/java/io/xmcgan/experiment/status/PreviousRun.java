package io.xmcgan.experiment.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A run replaced by a restartNonce change. Its objects stay where they are; deleting the experiment
 * with {@code spec.storage.deleteOnCleanup} removes them with the current run's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "id",
  "restartNonce",
  "storageUri",
  "endpoint",
  "startedAt",
  "endedAt",
  "phase",
  "checkpointStep"
})
public class PreviousRun {

  @JsonPropertyDescription("Run identity (status.run.id while it ran).")
  private String id;

  @JsonPropertyDescription("spec.runPolicy.restartNonce of the run.")
  private String restartNonce;

  @JsonPropertyDescription("Storage root of the run's objects.")
  private String storageUri;

  @JsonPropertyDescription("S3 endpoint of storageUri; absent for local storage.")
  private String endpoint;

  @JsonPropertyDescription("When the run started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the next run replaced it (RFC 3339).")
  private String endedAt;

  @JsonPropertyDescription("Phase of the experiment when the run was replaced.")
  private Phase phase;

  @JsonPropertyDescription("Step of the run's latest complete checkpoint.")
  private Long checkpointStep;

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

  public String getEndedAt() {
    return endedAt;
  }

  public void setEndedAt(String endedAt) {
    this.endedAt = endedAt;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public Long getCheckpointStep() {
    return checkpointStep;
  }

  public void setCheckpointStep(Long checkpointStep) {
    this.checkpointStep = checkpointStep;
  }
}
