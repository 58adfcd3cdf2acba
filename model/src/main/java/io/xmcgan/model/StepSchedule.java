package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import io.xmcgan.experiment.resolve.LossName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of the sub-steps in one training step (docs/reference-model.md, "Training step and
 * hyper-parameters"): a D-only sub-step on every batch but the last, the joint sub-step on the
 * last, then what follows a G update (the EMA). The one place this order is written: {@link
 * TrainingStep} runs it on one device, {@code io.xmcgan.training.DataParallelStep} on several.
 */
public final class StepSchedule {

  /** The sub-steps of a step, on one device or averaged over several. */
  public interface SubSteps<B> {

    /** One D-only sub-step, gradients then update; returns its loss terms (d_loss). */
    Map<String, NDArray> discriminatorOnly(B batch);

    /** The joint sub-step, gradients then both updates; returns its terms and accuracies. */
    Map<String, NDArray> joint(B batch);

    /** What follows the joint update: the EMA of G. */
    void afterJointUpdate();
  }

  private StepSchedule() {}

  /**
   * Runs one step over {@code batches}, one element per sub-step. Returns the joint sub-step's
   * terms and accuracies plus {@code d_loss_substep_k} for each D-only sub-step k (1-based).
   */
  public static <B> Map<String, NDArray> run(List<B> batches, SubSteps<B> subSteps) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("a training step needs at least one sub-step");
    }
    Map<String, NDArray> terms = new LinkedHashMap<>();
    for (int i = 0; i < batches.size() - 1; i++) {
      terms.put(
          LossName.dLossSubstep(i + 1),
          subSteps.discriminatorOnly(batches.get(i)).get(LossName.D_LOSS.key()));
    }
    Map<String, NDArray> joint = subSteps.joint(batches.get(batches.size() - 1));
    subSteps.afterJointUpdate();
    terms.putAll(joint);
    return terms;
  }
}
