package io.xmcgan.operator.reconcile;

import io.xmcgan.experiment.ExperimentSpec;
import io.xmcgan.experiment.ExperimentStatus;
import io.xmcgan.experiment.ResolvedExperiment;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.operator.observe.Children;
import java.time.Instant;

/**
 * What one reconcile works with, gathered once: the resource, the spec that is acted on (the
 * accepted one when a change was refused), its resolution, the observed children and the clock.
 *
 * @param spec the spec the stages run with: the resource's, or the previously accepted one while an
 *     immutable-field change is refused
 * @param run the run label of the accepted restartNonce
 */
public record ReconcileContext(
    XmcganExperiment resource,
    ExperimentSpec spec,
    ResolvedExperiment resolved,
    String run,
    Children children,
    ExperimentStatus previousStatus,
    Instant now) {

  public String name() {
    return resource.getMetadata().getName();
  }

  public String namespace() {
    return resource.getMetadata().getNamespace();
  }

  public long generation() {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0L : generation;
  }
}
