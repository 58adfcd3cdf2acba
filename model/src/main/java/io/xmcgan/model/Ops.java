package io.xmcgan.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tensor operations shared by the blocks and losses (NCHW layout throughout). */
public final class Ops {

  private static final Shape POOL_2X2 = new Shape(2, 2);
  private static final Shape NO_PADDING = new Shape(0, 0);

  /** DJL's interpolation mode for nearest-neighbour (torch::kNearest). */
  private static final int NEAREST = 0;

  private static final Map<ConstantKey, NDArray> CONSTANTS = new ConcurrentHashMap<>();
  private static final Map<Device, NDManager> MANAGERS = new ConcurrentHashMap<>();

  private record ConstantKey(Device device, DataType type, double value) {}

  private Ops() {}

  /**
   * A scalar constant on {@code like}'s device and of its type, made once per device, type and
   * value and reused (docs/training.md, "Host synchronisation"). DJL's {@code x.mul(Number)}
   * instead copies a new host scalar to the device at every call, which on a GPU waits for the
   * device; it also wraps the number in a tensor over a Java buffer that it closes right after the
   * op while autograd keeps it for the backward pass (once the GC frees the buffer, gradients read
   * freed memory). Every scalar of the model and the trainer goes through here; the constants are
   * never changed in place and live as long as the process.
   */
  public static NDArray constant(NDArray like, double value) {
    Device device = like.getDevice();
    DataType type = like.getDataType();
    return CONSTANTS.computeIfAbsent(
        new ConstantKey(device, type, value),
        key -> {
          NDManager manager = longLivedManager(device);
          NDArray constant = manager.full(new Shape(), (float) value, type);
          NDScope.unregister(constant);
          HostTransfers.scalarUploaded();
          return constant;
        });
  }

  /**
   * A manager for arrays that live as long as the process on {@code device} (constants), closed
   * never.
   */
  static NDManager longLivedManager(Device device) {
    return MANAGERS.computeIfAbsent(device, NDManager::newBaseManager);
  }

  /**
   * A copy of {@code values} in memory libtorch owns, for inputs that enter a differentiated graph:
   * {@code manager.create(float[])} alone leaves the tensor over a Java buffer (see {@link
   * #constant}).
   */
  public static NDArray upload(NDManager manager, float[] values, Shape shape) {
    try (NDArray javaBacked = manager.create(values, shape)) {
      return javaBacked.duplicate();
    }
  }

  /** {@code x * factor}, safe to differentiate (see {@link #constant}). */
  public static NDArray scale(NDArray x, double factor) {
    return x.mul(constant(x, factor));
  }

  /** {@code x + value}, safe to differentiate (see {@link #constant}). */
  public static NDArray shift(NDArray x, double value) {
    return x.add(constant(x, value));
  }

  /** x / sqrt(max(sum(x^2, axis), eps)), the reference's {@code l2_normalize} (eps 1e-12). */
  public static NDArray l2Normalize(NDArray x, int axis) {
    NDArray squareSum = x.square().sum(new int[] {axis}, true);
    return x.div(squareSum.maximum(constant(squareSum, 1e-12)).sqrt());
  }

  /**
   * Nearest-neighbour upsampling of an NCHW map by an integer factor on both spatial axes:
   * libtorch's {@code upsample_nearest2d}, one kernel each way (a broadcast and reshape gave the
   * same values with a copy forward and a reduction backward).
   */
  public static NDArray upsampleNearest(NDArray x, int factor) {
    if (factor == 1) {
      return x;
    }
    Shape s = x.getShape();
    return JniUtils.interpolate(
        (PtNDArray) x, new long[] {s.get(2) * factor, s.get(3) * factor}, NEAREST, false);
  }

  /** The broadcast form of {@link #upsampleNearest}, the definition its test compares with. */
  static NDArray upsampleNearestByBroadcast(NDArray x, int factor) {
    Shape s = x.getShape();
    long n = s.get(0);
    long c = s.get(1);
    long h = s.get(2);
    long w = s.get(3);
    return x.reshape(n, c, h, 1, w, 1)
        .broadcast(new Shape(n, c, h, factor, w, factor))
        .reshape(n, c, h * factor, w * factor);
  }

  /**
   * {@code x} (N, C, H, W) with its values laid out channels-last (NHWC) in memory, the same shape
   * and values. On the CPU, oneDNN convolves channels-last maps directly, where an NCHW map is
   * reordered into a blocked layout and back around every convolution and gradient; the other
   * operations of the networks keep the layout of their inputs. GPUs are left as they are.
   */
  public static NDArray channelsLast(NDArray x) {
    if (x.getDevice().isGpu()) {
      return x;
    }
    Shape s = x.getShape();
    long n = s.get(0);
    // The permuted view cannot be flattened without a copy: the copy is in NHWC order.
    return x.transpose(0, 2, 3, 1)
        .reshape(n, -1)
        .reshape(n, s.get(2), s.get(3), s.get(1))
        .transpose(0, 3, 1, 2);
  }

  /** 2x2 average pooling with stride 2: TF 'SAME' on even sizes. */
  public static NDArray avgPool2(NDArray x) {
    return Pool.avgPool2d(x, POOL_2X2, POOL_2X2, NO_PADDING, false, true);
  }
}
