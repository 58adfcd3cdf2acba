package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Batch norm without scale or shift whose training statistics are taken over groups of {@code
 * groupSize} consecutive samples (the reference's per-device statistics over 8 samples; a batch of
 * at most one group is normalised as a whole). Running statistics follow the Flax convention:
 * running = momentum * running + (1 - momentum) * batch, with the biased variance averaged over the
 * groups.
 */
public final class GroupBatchNorm extends NetworkBlock {

  private final int channels;
  private final int groupSize;
  private final float momentum;
  private final float epsilon;
  private final Parameter runningMean;
  private final Parameter runningVar;

  public GroupBatchNorm(int channels, int groupSize, double momentum, double epsilon) {
    this.channels = channels;
    this.groupSize = groupSize;
    this.momentum = (float) momentum;
    this.epsilon = (float) epsilon;
    this.runningMean =
        state("runningMean", Parameter.Type.RUNNING_MEAN, new Shape(channels), Initializer.ZEROS);
    this.runningVar =
        state("runningVar", Parameter.Type.RUNNING_VAR, new Shape(channels), Initializer.ONES);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> options) {
    NDArray x = inputs.singletonOrThrow();
    Shape s = x.getShape();
    if (!training) {
      NDArray mean = store.getValue(runningMean, x.getDevice(), false).reshape(1, channels, 1, 1);
      NDArray var = store.getValue(runningVar, x.getDevice(), false).reshape(1, channels, 1, 1);
      return new NDList(x.sub(mean).div(Ops.shift(var, epsilon).sqrt()));
    }
    long n = s.get(0);
    long group = Math.min(n, groupSize);
    if (n % group != 0) {
      throw new IllegalArgumentException(
          "batch size "
              + n
              + " is not a multiple of the batch-norm group size "
              + groupSize
              + "; use a batch that is a multiple of "
              + groupSize);
    }
    NDArray grouped = x.reshape(n / group, group, s.get(1), s.get(2), s.get(3));
    int[] axes = {1, 3, 4};
    // PyTorch's mean over several axes is not exposed by DJL: sum and divide.
    float count = group * s.get(2) * s.get(3);
    NDArray mean = Ops.scale(grouped.sum(axes, true), 1.0 / count);
    NDArray centered = grouped.sub(mean);
    NDArray var = Ops.scale(centered.square().sum(axes, true), 1.0 / count);
    NDArray normalized = centered.div(Ops.shift(var, epsilon).sqrt()).reshape(s);
    if (ForwardOptions.updateBatchStats(options)) {
      updateRunning(
          runningMean, mean.stopGradient().reshape(n / group, channels).mean(new int[] {0}));
      updateRunning(
          runningVar, var.stopGradient().reshape(n / group, channels).mean(new int[] {0}));
    }
    return new NDList(normalized);
  }

  private void updateRunning(Parameter running, NDArray batchValue) {
    NDArray old = running.getArray();
    old.intern(Ops.scale(old, momentum).add(Ops.scale(batchValue, 1 - momentum)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
