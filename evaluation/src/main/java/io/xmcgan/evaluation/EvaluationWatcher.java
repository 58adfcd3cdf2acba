package io.xmcgan.evaluation;

import io.xmcgan.checkpoint.CheckpointCorruptedException;
import io.xmcgan.storage.ObjectNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code evaluate --watch}: evaluates every new complete checkpoint once, while training runs
 * ({@code evaluation.continuous}, the default) or after it, and returns when training has finished
 * and every kept, selected checkpoint has metrics.
 *
 * <p>What is done is read from storage (a checkpoint is done when {@code metrics/step-N.json}
 * exists), so a restarted watcher continues where the previous one stopped. A checkpoint that
 * disappears (retention) or turns out corrupted before it is evaluated is skipped with a warning.
 */
public final class EvaluationWatcher {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluationWatcher.class);

  /** Waits between polls; tests replace it to run without real sleeps. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** What a watch did: the steps it evaluated and those it had to skip. */
  public record Outcome(List<Long> evaluated, List<Long> skipped) {}

  private final CheckpointEvaluator evaluator;
  private final Duration pollInterval;
  private final Sleeper sleeper;

  public EvaluationWatcher(CheckpointEvaluator evaluator, Duration pollInterval, Sleeper sleeper) {
    this.evaluator = evaluator;
    this.pollInterval = pollInterval;
    this.sleeper = sleeper;
  }

  public EvaluationWatcher(CheckpointEvaluator evaluator, Duration pollInterval) {
    this(evaluator, pollInterval, duration -> Thread.sleep(duration.toMillis()));
  }

  /** Runs until training has finished and nothing is left to evaluate. */
  public Outcome run() throws IOException, InterruptedException {
    List<Long> evaluated = new ArrayList<>();
    List<Long> skipped = new ArrayList<>();
    boolean continuous = evaluator.experiment().evaluation().continuous();
    long trainingSteps = evaluator.experiment().training().steps();
    while (true) {
      // Checked before listing: every checkpoint complete when training was seen finished is
      // in the listing below, so returning after it cannot miss the last one.
      boolean finished =
          TrainingCompletion.isFinished(
              evaluator.store(), trainingSteps, evaluator.completeSteps());
      if (continuous || finished) {
        for (long step : evaluator.pendingSteps()) {
          if (skipped.contains(step)) {
            continue;
          }
          try {
            evaluator.evaluate(step);
            evaluated.add(step);
          } catch (CheckpointNotFoundException
              | CheckpointCorruptedException
              | ObjectNotFoundException e) {
            LOG.warn("checkpoint of step {} skipped: {}", step, e.getMessage());
            skipped.add(step);
          }
        }
      }
      if (finished) {
        LOG.info(
            "training has finished and every kept checkpoint is evaluated ({} this run, {}"
                + " skipped)",
            evaluated.size(),
            skipped.size());
        return new Outcome(List.copyOf(evaluated), List.copyOf(skipped));
      }
      sleeper.sleep(pollInterval);
    }
  }
}
