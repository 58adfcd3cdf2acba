package io.xmcgan.training;

import io.xmcgan.failure.ClassifiedFailure;
import io.xmcgan.failure.ExitCode;

/**
 * A loss term became NaN or infinite. The run stops without checkpointing the diverged state (the
 * last good checkpoint stays the newest) and is not retried: restarting from that checkpoint would
 * replay the same data and seeds into the same divergence.
 */
public final class TrainingDivergedException extends RuntimeException implements ClassifiedFailure {

  private final long step;
  private final String term;

  /**
   * @param firstStep the first step whose losses were in the read that found the value (losses are
   *     read once per progress interval, docs/training.md); equal to {@code step} when known
   *     exactly
   */
  public TrainingDivergedException(
      long firstStep, long step, String term, float value, long lastCheckpoint) {
    super(
        "training diverged "
            + (firstStep < step ? "between steps " + firstStep + " and " + step : "at step " + step)
            + ": loss term '"
            + term
            + "' is "
            + value
            + (lastCheckpoint >= 0
                ? "; the newest good checkpoint is step " + lastCheckpoint
                : "; no checkpoint was written yet")
            + ". Lower the learning rates or change the seed and start a new experiment");
    this.step = step;
    this.term = term;
  }

  public long step() {
    return step;
  }

  public String term() {
    return term;
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
