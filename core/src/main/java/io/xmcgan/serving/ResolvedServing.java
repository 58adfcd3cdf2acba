package io.xmcgan.serving;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.xmcgan.experiment.spec.ServingSpec;
import java.util.Optional;

/**
 * {@code spec.serving} with its defaults applied; absent when serving is off.
 *
 * @param image the image to run, or null for the operator's evaluator image
 * @param resources requests and limits of each pod, or null for none
 */
public record ResolvedServing(
    int replicas,
    CheckpointPolicy checkpoint,
    boolean afterTraining,
    ResourceRequirements resources,
    String image) {

  /** Server pods unless the spec says otherwise. */
  public static final int REPLICAS = 1;

  public static final int MAX_REPLICAS = 100;

  /** Serving as the spec asks for it, or empty when it is absent or not enabled. */
  public static Optional<ResolvedServing> of(ServingSpec spec) {
    if (spec == null || !Boolean.TRUE.equals(spec.getEnabled())) {
      return Optional.empty();
    }
    return Optional.of(
        new ResolvedServing(
            spec.getReplicas() != null ? spec.getReplicas() : REPLICAS,
            CheckpointPolicy.parse(spec.getCheckpoint()),
            Boolean.TRUE.equals(spec.getAfterTraining()),
            spec.getResources(),
            spec.getImage()));
  }
}
