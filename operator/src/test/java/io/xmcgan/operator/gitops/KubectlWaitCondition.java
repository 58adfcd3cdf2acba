package io.xmcgan.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether {@code kubectl wait --for=condition=TYPE=STATUS} ends on an object: kubectl's condition
 * check (kubernetes/kubectl pkg/cmd/wait/condition.go) finds the condition of that type, skips it
 * while its observedGeneration (else status.observedGeneration) is below metadata.generation, and
 * compares the status case-insensitively. No such condition: it keeps waiting.
 */
record KubectlWaitCondition(String type, String status) {

  boolean met(JsonNode object) {
    for (JsonNode condition : object.path("status").path("conditions")) {
      if (!condition.path("type").asText().equalsIgnoreCase(type)) {
        continue;
      }
      JsonNode generation = object.path("metadata").path("generation");
      JsonNode observed =
          condition.has("observedGeneration")
              ? condition.path("observedGeneration")
              : object.path("status").path("observedGeneration");
      if (generation.isNumber() && observed.isNumber() && observed.asLong() < generation.asLong()) {
        return false;
      }
      return condition.path("status").asText().equalsIgnoreCase(status);
    }
    return false;
  }

  @Override
  public String toString() {
    return "--for=condition=" + type + "=" + status;
  }
}
