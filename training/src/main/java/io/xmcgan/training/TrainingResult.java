package io.xmcgan.training;

import java.util.OptionalLong;

/**
 * How a training call ended.
 *
 * @param step generator steps completed
 * @param lastCheckpoint the step of the newest checkpoint this call wrote or resumed from
 * @param dataWaitFraction share of the loop's time spent waiting for the input pipeline
 */
public record TrainingResult(
    Outcome outcome, long step, OptionalLong lastCheckpoint, double dataWaitFraction) {

  public enum Outcome {
    /** All steps done and the final checkpoint written. */
    COMPLETED,
    /** Stopped on request after checkpointing; running again resumes from there. */
    CANCELLED
  }
}
