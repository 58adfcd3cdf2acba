package io.xmcgan.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batch norm without scale or shift whose training statistics are taken over groups of {@code
 * groupSize} consecutive samples (the reference's per-device statistics over 8 samples; a batch of
 * at most one group is normalised as a whole). Running statistics follow the Flax convention:
 * running = momentum * running + (1 - momentum) * batch, with the biased variance averaged over the
 * groups.
 *
 * <p>Training statistics come from libtorch's batch norm, one kernel forward and one backward
 * instead of about ten array operations each way, the same arithmetic up to rounding; several
 * groups are laid side by side as channels first. Its running statistics follow PyTorch's
 * convention (unbiased variance); with momentum 1 they are the batch's own mean and unbiased
 * variance, from which the Flax update above is made.
 */
public final class GroupBatchNorm extends NetworkBlock {

  private final int channels;
  private final int groupSize;
  private final float momentum;
  private final float epsilon;
  private final Parameter runningMean;
  private final Parameter runningVar;
  private final Map<AffineKey, Affine> affines = new ConcurrentHashMap<>();

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
    boolean update = ForwardOptions.updateBatchStats(options);
    long groups = n / group;
    if (groups == 1) {
      return new NDList(normalize(x, 1, update));
    }
    // Groups side by side as channels: (groups, group, C, H, W) -> (group, groups * C, H, W), so
    // libtorch's per-channel statistics are the per-group ones. Both copies are made in the
    // layout the networks use (Ops.channelsLast), so each group is reduced as a replica of one
    // group would reduce it and the result feeds the next convolution in its layout.
    NDArray folded =
        Ops.channelsLast(
            x.reshape(groups, group, s.get(1), s.get(2), s.get(3))
                .transpose(1, 0, 2, 3, 4)
                .reshape(group, groups * channels, s.get(2), s.get(3)));
    NDArray normalized = normalize(folded, groups, update);
    return new NDList(
        Ops.channelsLast(
            normalized
                .reshape(group, groups, s.get(1), s.get(2), s.get(3))
                .transpose(1, 0, 2, 3, 4)
                .reshape(s)));
  }

  /**
   * libtorch's batch norm of {@code x} (scale 1, shift 0: exact), whose channels are {@code groups}
   * groups of this norm's channels. Its running-statistics arguments are scratch arrays; with
   * momentum 1 they receive each channel's batch mean and unbiased variance, read only when {@code
   * update}: the Flax update takes the biased variance, averaged over the groups.
   */
  private NDArray normalize(NDArray x, long groups, boolean update) {
    Shape s = x.getShape();
    NDManager manager = x.getManager();
    Affine affine = identity(x.getDevice(), s.get(1));
    NDArray batchMean = update ? manager.zeros(new Shape(s.get(1))) : affine.scratchMean();
    NDArray batchVar = update ? manager.zeros(new Shape(s.get(1))) : affine.scratchVar();
    // DJL's parameter names are misleading: the native call takes the running statistics second
    // and third, then the scale and shift (as DJL's own PtNDArrayEx.batchNorm passes them).
    NDArray normalized =
        JniUtils.batchNorm(
            (PtNDArray) x,
            (PtNDArray) batchMean,
            (PtNDArray) batchVar,
            (PtNDArray) affine.scale(),
            (PtNDArray) affine.shift(),
            true,
            1.0,
            epsilon);
    if (update) {
      long count = s.get(0) * s.get(2) * s.get(3);
      NDArray biasedVar = Ops.scale(batchVar, (count - 1) / (double) count);
      if (groups == 1) {
        updateRunning(runningMean, batchMean);
        updateRunning(runningVar, biasedVar);
      } else {
        updateRunning(runningMean, batchMean.reshape(groups, channels).mean(new int[] {0}));
        updateRunning(runningVar, biasedVar.reshape(groups, channels).mean(new int[] {0}));
      }
    }
    return normalized;
  }

  /**
   * Scale 1 and shift 0 for libtorch's batch norm, and scratch statistics, made once per device and
   * channel count.
   */
  private record Affine(NDArray scale, NDArray shift, NDArray scratchMean, NDArray scratchVar) {}

  private record AffineKey(Device device, long channels) {}

  private Affine identity(Device device, long size) {
    return affines.computeIfAbsent(
        new AffineKey(device, size),
        key -> {
          NDManager manager = Ops.longLivedManager(device);
          Shape shape = new Shape(size);
          Affine affine =
              new Affine(
                  manager.ones(shape),
                  manager.zeros(shape),
                  manager.zeros(shape),
                  manager.ones(shape));
          for (NDArray array :
              List.of(affine.scale(), affine.shift(), affine.scratchMean(), affine.scratchVar())) {
            NDScope.unregister(array);
          }
          return affine;
        });
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
