package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Records this thread's operations for a backward pass. It replaces DJL's gradient collector, which
 * allows one collector in the whole process and so would run the replicas of a data-parallel step
 * one after another; libtorch's gradient mode is per thread, so each replica's thread records its
 * own graph (docs/training.md, "Concurrent replicas").
 */
public final class Autograd implements AutoCloseable {

  private final boolean wasRecording;

  public Autograd() {
    wasRecording = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
  }

  /** Back-propagates a scalar loss into the gradients of the parameters that require them. */
  public void backward(NDArray loss) {
    if (loss.getShape().size() != 1) {
      throw new IllegalArgumentException("backward needs a scalar loss, got " + loss.getShape());
    }
    NDArray seed =
        loss.getShape().dimension() == 0
            ? Ops.constant(loss, 1)
            : Ops.constant(loss, 1).reshape(loss.getShape());
    JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
  }

  @Override
  public void close() {
    JniUtils.setGradMode(wasRecording);
  }
}
