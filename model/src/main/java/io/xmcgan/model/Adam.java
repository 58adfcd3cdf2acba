package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam as Flax's {@code optim.Adam} computes it (bias-corrected moments, eps outside the square
 * root, no weight decay), over explicitly named parameters. The moments are plain NDArrays owned
 * here, so they can be saved, restored and compared; updates are in place.
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
   */
  public void update(List<Pair<String, Parameter>> parameters, Map<String, NDArray> gradients) {
    steps++;
    float correction1 = (float) (1 - Math.pow(beta1, steps));
    float correction2 = (float) (1 - Math.pow(beta2, steps));
    float stepSize = learningRate / correction1;
    for (Pair<String, Parameter> pair : parameters) {
      NDArray weight = pair.getValue().getArray();
      NDArray[] state = moments.computeIfAbsent(pair.getKey(), name -> zerosLike(weight));
      NDArray grad = gradients.get(pair.getKey());
      if (grad == null) {
        grad = weight.zerosLike();
      }
      state[0].muli(beta1).addi(grad.mul(1 - beta1));
      state[1].muli(beta2).addi(grad.square().muli(1 - beta2));
      NDArray denominator = state[1].div(correction2).sqrt().addi(epsilon);
      weight.subi(state[0].mul(stepSize).divi(denominator));
    }
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
