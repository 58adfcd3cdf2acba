package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam as Flax's {@code optim.Adam} computes it (bias-corrected moments, eps outside the square
 * root, no weight decay), over explicitly named parameters, one fused libtorch kernel per parameter
 * (PyTorch engine only). The moments are plain NDArrays owned here, so they can be saved, restored
 * and compared; updates are in place.
 */
public final class Adam {

  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
  private long steps;

  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    this.learningRate = (float) learningRate;
    this.beta1 = (float) beta1;
    this.beta2 = (float) beta2;
    this.epsilon = (float) epsilon;
  }

  public long steps() {
    return steps;
  }

  /**
   * One update of every parameter from its gradient (a missing gradient counts as zero, as in the
   * reference where every parameter is in the differentiated tree).
   *
   * <p>Each parameter takes one call of the native Adam kernel that DJL ships for libtorch ({@code
   * adamUpdate}): m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, w -= a m / (sqrt(v) + e). Flax's
   * bias correction is folded into its two scalars, computed per step in double on the host: with
   * c1 = 1 - b1^t and c2 = 1 - b2^t, lr (m / c1) / (sqrt(v / c2) + eps) equals a m / (sqrt(v) + e)
   * for a = lr sqrt(c2) / c1 and e = eps sqrt(c2). The scalars are kernel arguments, not arrays, so
   * an update copies nothing to the device and never waits for it. The parameter's own gradient
   * accumulator is left as it is.
   */
  public void update(List<Pair<String, Parameter>> parameters, Map<String, NDArray> gradients) {
    steps++;
    double correction1 = 1 - Math.pow(beta1, steps);
    double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, steps));
    float correctedLearningRate = (float) (learningRate * sqrtCorrection2 / correction1);
    float correctedEpsilon = (float) (epsilon * sqrtCorrection2);
    for (Pair<String, Parameter> pair : parameters) {
      PtNDArray weight = pytorch(pair.getValue().getArray(), pair.getKey());
      NDArray[] state = moments.computeIfAbsent(pair.getKey(), name -> zerosLike(weight));
      NDArray grad = gradients.get(pair.getKey());
      NDArray zeros = grad == null ? weight.zerosLike() : null;
      try {
        JniUtils.adamUpdate(
            weight,
            pytorch(zeros == null ? grad : zeros, pair.getKey()),
            pytorch(state[0], pair.getKey()),
            pytorch(state[1], pair.getKey()),
            learningRate, // only read by AdamW
            correctedLearningRate,
            0f, // no weight decay
            1f, // no gradient rescaling
            -1f, // no gradient clipping
            beta1,
            beta2,
            correctedEpsilon,
            false);
      } finally {
        if (zeros != null) {
          zeros.close();
        }
      }
    }
  }

  private static PtNDArray pytorch(NDArray array, String parameterName) {
    if (array instanceof PtNDArray pt) {
      return pt;
    }
    throw new IllegalArgumentException(
        "Adam runs on the PyTorch engine; "
            + parameterName
            + " is held by "
            + array.getManager().getEngine().getEngineName());
  }

  private static NDArray[] zerosLike(NDArray weight) {
    NDArray m = weight.zerosLike();
    NDArray v = weight.zerosLike();
    NDScope.unregister(m, v);
    return new NDArray[] {m, v};
  }

  /** Writes the step count and every parameter's first and second moments. */
  public void save(DataOutputStream out) throws IOException {
    out.writeLong(steps);
    out.writeInt(moments.size());
    for (Map.Entry<String, NDArray[]> entry : moments.entrySet()) {
      out.writeUTF(entry.getKey());
      byte[] encoded = new NDList(entry.getValue()).encode();
      out.writeInt(encoded.length);
      out.write(encoded);
    }
  }

  /** Replaces this optimiser's state with one written by {@link #save}. */
  public void load(DataInputStream in, NDManager manager) throws IOException {
    long loadedSteps = in.readLong();
    int count = in.readInt();
    Map<String, NDArray[]> loaded = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      byte[] encoded = new byte[in.readInt()];
      in.readFully(encoded);
      NDList list = NDList.decode(manager, encoded);
      NDScope.unregister(list);
      loaded.put(name, new NDArray[] {list.get(0), list.get(1)});
    }
    close();
    moments.putAll(loaded);
    steps = loadedSteps;
  }

  /** The moments of a parameter (first, second), or null before its first update. */
  public NDArray[] moments(String parameterName) {
    return moments.get(parameterName);
  }

  /** Frees the moments. */
  public void close() {
    for (NDArray[] state : moments.values()) {
      state[0].close();
      state[1].close();
    }
    moments.clear();
  }
}
