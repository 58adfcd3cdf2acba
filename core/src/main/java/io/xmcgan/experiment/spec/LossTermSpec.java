package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;

/** Override of one contrastive loss term: switch and weight. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"enabled", "weight"})
public class LossTermSpec {

  @JsonPropertyDescription("Whether the term is used. Default: the preset's.")
  private Boolean enabled;

  @JsonPropertyDescription("Weight of the term. Default: the preset's (1).")
  @Min(0)
  private Double weight;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Double getWeight() {
    return weight;
  }

  public void setWeight(Double weight) {
    this.weight = weight;
  }
}
