package io.xmcgan.experiment.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The latest complete checkpoint in storage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"step", "uri", "count", "restoredFrom", "restarts"})
public class CheckpointStatus {

  @JsonPropertyDescription("Step of the latest complete checkpoint.")
  private Long step;

  @JsonPropertyDescription("URI of the latest complete checkpoint.")
  private String uri;

  @JsonPropertyDescription("Complete checkpoints in storage.")
  private Integer count;

  @JsonPropertyDescription("URI of the checkpoint the current training pod resumed from.")
  private String restoredFrom;

  @JsonPropertyDescription("Times training resumed from a checkpoint.")
  private Integer restarts;

  public Long getStep() {
    return step;
  }

  public void setStep(Long step) {
    this.step = step;
  }

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public Integer getCount() {
    return count;
  }

  public void setCount(Integer count) {
    this.count = count;
  }

  public String getRestoredFrom() {
    return restoredFrom;
  }

  public void setRestoredFrom(String restoredFrom) {
    this.restoredFrom = restoredFrom;
  }

  public Integer getRestarts() {
    return restarts;
  }

  public void setRestarts(Integer restarts) {
    this.restarts = restarts;
  }
}
