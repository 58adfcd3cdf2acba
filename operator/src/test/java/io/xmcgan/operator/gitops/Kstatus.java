package io.xmcgan.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * kstatus's reading of a custom resource, as Flux's health checks and kpt compute it: the rules of
 * sigs.k8s.io/cli-utils pkg/kstatus/status (generic.go, status.go). A resource being deleted is
 * Terminating; one whose status.observedGeneration differs from metadata.generation is InProgress;
 * otherwise the first condition in list order that is Reconciling=True (InProgress) or Stalled=True
 * (Failed) decides; without one the resource is Current. kstatus has no rules of its own for custom
 * kinds.
 */
final class Kstatus {

  enum Status {
    InProgress,
    Failed,
    Current,
    Terminating
  }

  private Kstatus() {}

  static Status compute(JsonNode object) {
    if (!object.path("metadata").path("deletionTimestamp").asText("").isEmpty()) {
      return Status.Terminating;
    }
    JsonNode generation = object.path("metadata").path("generation");
    JsonNode observed = object.path("status").path("observedGeneration");
    if (generation.isNumber() && observed.isNumber() && generation.asLong() != observed.asLong()) {
      return Status.InProgress;
    }
    for (JsonNode condition : object.path("status").path("conditions")) {
      boolean isTrue = "True".equals(condition.path("status").asText());
      if (isTrue && "Reconciling".equals(condition.path("type").asText())) {
        return Status.InProgress;
      }
      if (isTrue && "Stalled".equals(condition.path("type").asText())) {
        return Status.Failed;
      }
    }
    return Status.Current;
  }
}
