package io.xmcgan.experiment.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The generator's server on the cluster ({@code spec.serving}, docs/serving.md). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"url", "step", "checkpoint", "replicas", "readyReplicas", "message"})
public class ServingStatus {

  @JsonPropertyDescription("The Service's URL inside the cluster: the page at /, the API at /v1/.")
  private String url;

  @JsonPropertyDescription("Checkpoint step the server runs (or is rolling out).")
  private Long step;

  @JsonPropertyDescription("The checkpoint policy that chose it: best-fid, latest or a step.")
  private String checkpoint;

  @JsonPropertyDescription("Server pods asked for.")
  private Integer replicas;

  @JsonPropertyDescription("Server pods that have loaded the model and answer.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Why nothing is served yet, or what is being rolled out.")
  private String message;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public Long getStep() {
    return step;
  }

  public void setStep(Long step) {
    this.step = step;
  }

  public String getCheckpoint() {
    return checkpoint;
  }

  public void setCheckpoint(String checkpoint) {
    this.checkpoint = checkpoint;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
