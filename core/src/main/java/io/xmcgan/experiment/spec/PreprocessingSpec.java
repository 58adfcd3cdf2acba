package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.xmcgan.experiment.resolve.ExperimentDefaults;

/** How the preprocessing Indexed Job splits and runs the conversion to record shards. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"shards", "parallelism", "onBadInput", "resources"})
public class PreprocessingSpec {

  @JsonPropertyDescription(
      "Number of record shards per split (Indexed Job completions). Default 8.")
  @Min(1)
  @Default("" + ExperimentDefaults.PREPROCESSING_SHARDS)
  private Integer shards;

  @JsonPropertyDescription("Preprocessing pods running at once. Default 4.")
  @Min(1)
  @Default("" + ExperimentDefaults.PREPROCESSING_PARALLELISM)
  private Integer parallelism;

  @JsonPropertyDescription(
      "What to do with an unreadable image or caption: fail (default) or skip.")
  private OnBadInput onBadInput;

  @JsonPropertyDescription("Requests and limits of each preprocessing pod.")
  private ResourceRequirements resources;

  public Integer getShards() {
    return shards;
  }

  public void setShards(Integer shards) {
    this.shards = shards;
  }

  public Integer getParallelism() {
    return parallelism;
  }

  public void setParallelism(Integer parallelism) {
    this.parallelism = parallelism;
  }

  public OnBadInput getOnBadInput() {
    return onBadInput;
  }

  public void setOnBadInput(OnBadInput onBadInput) {
    this.onBadInput = onBadInput;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }
}
