package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.xmcgan.experiment.validation.ExperimentValidator;
import java.util.List;
import java.util.Map;

/** Where and how the experiment's pods are scheduled. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "nodeSelector",
  "tolerations",
  "affinity",
  "priorityClassName",
  "schedulerName",
  "queueName",
  "images"
})
public class SchedulingSpec {

  @JsonPropertyDescription("Node labels every pod requires.")
  private Map<
          String,
          @Pattern(ExperimentValidator.LABEL_VALUE) @Size(max = ExperimentValidator.MAX_LABEL_VALUE)
          String>
      nodeSelector;

  @JsonPropertyDescription("Tolerations of every pod.")
  @Size(max = ExperimentValidator.MAX_TOLERATIONS)
  @ValidationRule(
      value = "self.all(t, !has(t.operator) || t.operator in ['Exists', 'Equal'])",
      message = "operator must be Exists or Equal")
  @ValidationRule(
      value = "self.all(t, !has(t.operator) || t.operator != 'Exists' || !has(t.value))",
      message = "value must be empty when operator is Exists")
  @ValidationRule(
      value =
          "self.all(t, !has(t.effect) || t.effect in ['NoSchedule', 'PreferNoSchedule',"
              + " 'NoExecute'])",
      message = "effect must be one of NoSchedule, PreferNoSchedule, NoExecute")
  @ValidationRule(
      value = "self.all(t, has(t.key) || (has(t.operator) && t.operator == 'Exists'))",
      message = "operator must be Exists when key is empty")
  private List<Toleration> tolerations;

  @JsonPropertyDescription("Affinity of every pod.")
  private Affinity affinity;

  @JsonPropertyDescription("PriorityClass of every pod.")
  @Pattern(ExperimentValidator.DNS_SUBDOMAIN)
  @Size(max = 253)
  private String priorityClassName;

  @JsonPropertyDescription("Scheduler of every pod.")
  @Pattern(ExperimentValidator.DNS_SUBDOMAIN)
  @Size(max = 253)
  private String schedulerName;

  @JsonPropertyDescription(
      "Kueue LocalQueue; set as the kueue.x-k8s.io/queue-name label on the Jobs.")
  @Pattern(ExperimentValidator.DNS_LABEL)
  @Size(max = 63)
  private String queueName;

  @JsonPropertyDescription("Container image overrides.")
  private ImagesSpec images;

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  public void setPriorityClassName(String priorityClassName) {
    this.priorityClassName = priorityClassName;
  }

  public String getSchedulerName() {
    return schedulerName;
  }

  public void setSchedulerName(String schedulerName) {
    this.schedulerName = schedulerName;
  }

  public String getQueueName() {
    return queueName;
  }

  public void setQueueName(String queueName) {
    this.queueName = queueName;
  }

  public ImagesSpec getImages() {
    return images;
  }

  public void setImages(ImagesSpec images) {
    this.images = images;
  }
}
