package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused Adam against the update it replaced (the same Flax Adam written out in Java ops, kept
 * here as {@link JavaOpsAdam}) and against Flax's formula evaluated in double precision on the
 * host, over random parameters and gradients of several shapes and magnitudes.
 */
class AdamTest {

  private static final double BETA1 = 0.5;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;
  private static final int STEPS = 100;

  /**
   * name, shape, gradient scale; "none" never has a gradient and "odd" only on odd steps. The 1e-8
   * scale makes sqrt(v) as small as eps, where eps's placement and folding decide the update.
   */
  private static final List<Spec> SPECS =
      List.of(
          new Spec("conv", new Shape(32, 16, 3, 3), 1),
          new Spec("dense", new Shape(33, 17), 1e-3),
          new Spec("bias", new Shape(257), 1e2),
          new Spec("tiny", new Shape(8, 8, 1, 1), 1e-8),
          new Spec("one", new Shape(1), 1),
          new Spec("odd", new Shape(5, 7), 1),
          new Spec("none", new Shape(64), 1));

  private record Spec(String name, Shape shape, double gradientScale) {}

  @ParameterizedTest
  @ValueSource(doubles = {1e-4, 4e-4, 1e-3})
  void fusedUpdateEqualsTheJavaOpsUpdateAndFlaxOverAHundredSteps(double learningRate) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      Random random = new Random(Double.hashCode(learningRate));
      List<Pair<String, Parameter>> parameters = new ArrayList<>();
      Map<String, NDArray> referenceWeights = new LinkedHashMap<>();
      Map<String, double[]> flaxWeights = new LinkedHashMap<>();
      for (Spec spec : SPECS) {
        float[] values = gaussian(random, spec.shape(), 1);
        NDArray weight = manager.create(values, spec.shape());
        weight.setRequiresGradient(true);
        parameters.add(new Pair<>(spec.name(), parameter(spec.name(), weight)));
        referenceWeights.put(spec.name(), manager.create(values, spec.shape()));
        flaxWeights.put(spec.name(), toDouble(values));
      }
      Adam fused = new Adam(learningRate, BETA1, BETA2, EPSILON);
      JavaOpsAdam reference = new JavaOpsAdam(learningRate, BETA1, BETA2, EPSILON);
      FlaxAdam flax = new FlaxAdam(learningRate, BETA1, BETA2, EPSILON);

      for (int step = 1; step <= STEPS; step++) {
        Map<String, NDArray> gradients = gradients(manager, random, step);
        fused.update(parameters, gradients);
        reference.update(referenceWeights, gradients);
        flax.update(flaxWeights, gradients);
        gradients.values().forEach(NDArray::close);
      }

      assertThat(fused.steps()).isEqualTo(STEPS);
      Difference weightsToJavaOps = new Difference();
      Difference momentsToJavaOps = new Difference();
      Difference weightsToFlax = new Difference();
      Difference momentsToFlax = new Difference();
      Difference javaOpsWeightsToFlax = new Difference();
      for (Pair<String, Parameter> pair : parameters) {
        String name = pair.getKey();
        float[] weight = pair.getValue().getArray().toFloatArray();
        NDArray[] moments = fused.moments(name);
        weightsToJavaOps.add(weight, referenceWeights.get(name).toFloatArray());
        weightsToFlax.add(weight, flaxWeights.get(name));
        javaOpsWeightsToFlax.add(referenceWeights.get(name).toFloatArray(), flaxWeights.get(name));
        for (int k = 0; k < 2; k++) {
          float[] moment = moments[k].toFloatArray();
          momentsToJavaOps.add(moment, reference.moments.get(name)[k].toFloatArray());
          momentsToFlax.add(moment, flax.moments.get(name)[k]);
        }
      }
      String measured =
          String.format(
              Locale.ROOT,
              "lr %s, %d steps, fused vs Java ops: weights %s, moments %s;"
                  + " fused vs Flax in double: weights %s, moments %s;"
                  + " Java ops vs Flax in double: weights %s",
              learningRate,
              STEPS,
              weightsToJavaOps,
              momentsToJavaOps,
              weightsToFlax,
              momentsToFlax,
              javaOpsWeightsToFlax);
      assertThat(weightsToJavaOps.maxAbsolute).as(measured).isLessThanOrEqualTo(1e-6);
      // The moments span 1e-16 to 1e4 (gradient scales 1e-8 to 1e2): relative to each tensor.
      assertThat(momentsToJavaOps.maxRelative).as(measured).isLessThanOrEqualTo(1e-6);
      // Exact Flax differs from any float32 Adam by the rounding of 100 in-place updates (a few
      // ulps of each tensor's largest value); a misplaced eps or bias correction is off by far
      // more.
      assertThat(weightsToFlax.maxRelative).as(measured).isLessThanOrEqualTo(2e-6);
      assertThat(momentsToFlax.maxRelative).as(measured).isLessThanOrEqualTo(2e-6);
      // Without a gradient a parameter keeps zero moments (created at its first update) and stays.
      assertThat(fused.moments("none")[0].toFloatArray()).containsOnly(0f);
      assertThat(fused.moments("none")[1].toFloatArray()).containsOnly(0f);
      assertThat(parameters.get(SPECS.size() - 1).getValue().getArray().toFloatArray())
          .containsExactly(referenceWeights.get("none").toFloatArray());
      fused.close();
      reference.close();
    }
  }

  @Test
  void aCheckpointOfTheJavaOpsUpdateAndOfTheFusedOneContinueTheSame() throws IOException {
    double learningRate = 4e-4;
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      Random random = new Random(7);
      Map<String, NDArray> referenceWeights = new LinkedHashMap<>();
      for (Spec spec : SPECS) {
        referenceWeights.put(
            spec.name(), manager.create(gaussian(random, spec.shape(), 1), spec.shape()));
      }
      JavaOpsAdam reference = new JavaOpsAdam(learningRate, BETA1, BETA2, EPSILON);
      for (int step = 1; step <= 30; step++) {
        Map<String, NDArray> gradients = gradients(manager, random, step);
        reference.update(referenceWeights, gradients);
        gradients.values().forEach(NDArray::close);
      }

      // A checkpoint written by the Java-ops Adam, read by the fused one.
      List<Pair<String, Parameter>> parameters = copies(referenceWeights);
      Adam fused = new Adam(learningRate, BETA1, BETA2, EPSILON);
      fused.load(read(reference.save()), manager);
      assertThat(fused.steps()).isEqualTo(30);
      for (int step = 31; step <= 60; step++) {
        Map<String, NDArray> gradients = gradients(manager, random, step);
        fused.update(parameters, gradients);
        reference.update(referenceWeights, gradients);
        gradients.values().forEach(NDArray::close);
      }
      Difference toJavaOps = new Difference();
      for (Pair<String, Parameter> pair : parameters) {
        toJavaOps.add(
            pair.getValue().getArray().toFloatArray(),
            referenceWeights.get(pair.getKey()).toFloatArray());
      }
      assertThat(toJavaOps.maxAbsolute).as(toJavaOps.toString()).isLessThanOrEqualTo(1e-6);

      // The fused Adam's own checkpoint continues bit for bit.
      Map<String, NDArray> fusedWeights = new LinkedHashMap<>();
      parameters.forEach(pair -> fusedWeights.put(pair.getKey(), pair.getValue().getArray()));
      List<Pair<String, Parameter>> restoredParameters = copies(fusedWeights);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      fused.save(new DataOutputStream(bytes));
      Adam restored = new Adam(learningRate, BETA1, BETA2, EPSILON);
      restored.load(read(bytes.toByteArray()), manager);
      assertThat(restored.steps()).isEqualTo(60);
      for (int step = 61; step <= 90; step++) {
        Map<String, NDArray> gradients = gradients(manager, random, step);
        fused.update(parameters, gradients);
        restored.update(restoredParameters, gradients);
        gradients.values().forEach(NDArray::close);
      }
      assertThat(restored.steps()).isEqualTo(fused.steps());
      for (int i = 0; i < parameters.size(); i++) {
        String name = parameters.get(i).getKey();
        assertThat(restoredParameters.get(i).getValue().getArray().toFloatArray())
            .as(name)
            .containsExactly(parameters.get(i).getValue().getArray().toFloatArray());
        for (int k = 0; k < 2; k++) {
          assertThat(restored.moments(name)[k].toFloatArray())
              .as(name)
              .containsExactly(fused.moments(name)[k].toFloatArray());
        }
      }
      fused.close();
      restored.close();
      reference.close();
    }
  }

  /** Random gradients of this step: "none" never has one, "odd" only on odd steps. */
  private static Map<String, NDArray> gradients(NDManager manager, Random random, int step) {
    Map<String, NDArray> gradients = new HashMap<>();
    for (Spec spec : SPECS) {
      if (spec.name().equals("none") || (spec.name().equals("odd") && step % 2 == 0)) {
        continue;
      }
      float[] values = gaussian(random, spec.shape(), spec.gradientScale());
      gradients.put(spec.name(), manager.create(values, spec.shape()));
    }
    return gradients;
  }

  private static float[] gaussian(Random random, Shape shape, double scale) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * scale);
    }
    return values;
  }

  private static double[] toDouble(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }

  private static Parameter parameter(String name, NDArray array) {
    return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(array).build();
  }

  private static List<Pair<String, Parameter>> copies(Map<String, NDArray> weights) {
    List<Pair<String, Parameter>> result = new ArrayList<>();
    weights.forEach(
        (name, weight) -> result.add(new Pair<>(name, parameter(name, weight.duplicate()))));
    return result;
  }

  private static DataInputStream read(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }

  /**
   * The largest absolute difference, and the largest of each tensor's largest absolute difference
   * relative to its largest expected magnitude.
   */
  private static final class Difference {
    double maxAbsolute;
    double maxRelative;

    void add(float[] actual, float[] expected) {
      add(actual, toDouble(expected));
    }

    void add(float[] actual, double[] expected) {
      assertThat(actual).hasSize(expected.length);
      double largest = 0;
      double worst = 0;
      for (int i = 0; i < actual.length; i++) {
        largest = Math.max(largest, Math.abs(expected[i]));
        worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
      }
      maxAbsolute = Math.max(maxAbsolute, worst);
      if (largest > 0) {
        maxRelative = Math.max(maxRelative, worst / largest);
      }
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "max abs %.3g, max abs / max |expected| %.3g", maxAbsolute, maxRelative);
    }
  }

  /**
   * Adam.update as it was before the fused kernel: Flax's Adam written out in Java ops (about 12
   * kernels per tensor), with its save format.
   */
  private static final class JavaOpsAdam {
    final float learningRate;
    final float beta1;
    final float beta2;
    final float epsilon;
    final Map<String, NDArray[]> moments = new LinkedHashMap<>();
    long steps;

    JavaOpsAdam(double learningRate, double beta1, double beta2, double epsilon) {
      this.learningRate = (float) learningRate;
      this.beta1 = (float) beta1;
      this.beta2 = (float) beta2;
      this.epsilon = (float) epsilon;
    }

    void update(Map<String, NDArray> weights, Map<String, NDArray> gradients) {
      steps++;
      float correction1 = (float) (1 - Math.pow(beta1, steps));
      float correction2 = (float) (1 - Math.pow(beta2, steps));
      float stepSize = learningRate / correction1;
      weights.forEach(
          (name, weight) -> {
            NDArray[] state =
                moments.computeIfAbsent(
                    name, k -> new NDArray[] {weight.zerosLike(), weight.zerosLike()});
            NDArray grad = gradients.get(name);
            if (grad == null) {
              grad = weight.zerosLike();
            }
            state[0].muli(beta1).addi(grad.mul(1 - beta1));
            state[1].muli(beta2).addi(grad.square().muli(1 - beta2));
            NDArray denominator = state[1].div(correction2).sqrt().addi(epsilon);
            weight.subi(state[0].mul(stepSize).divi(denominator));
          });
    }

    byte[] save() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(steps);
      out.writeInt(moments.size());
      for (Map.Entry<String, NDArray[]> entry : moments.entrySet()) {
        out.writeUTF(entry.getKey());
        byte[] encoded = new NDList(entry.getValue()).encode();
        out.writeInt(encoded.length);
        out.write(encoded);
      }
      return bytes.toByteArray();
    }

    void close() {
      moments.values().forEach(state -> new NDList(state).close());
    }
  }

  /**
   * Flax's Adam in double precision on the host, with the hyper-parameters rounded to float as
   * {@link Adam} holds them: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr (m / (1 -
   * b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
   */
  private static final class FlaxAdam {
    final double learningRate;
    final double beta1;
    final double beta2;
    final double epsilon;
    final Map<String, double[][]> moments = new HashMap<>();
    long steps;

    FlaxAdam(double learningRate, double beta1, double beta2, double epsilon) {
      this.learningRate = (float) learningRate;
      this.beta1 = (float) beta1;
      this.beta2 = (float) beta2;
      this.epsilon = (float) epsilon;
    }

    void update(Map<String, double[]> weights, Map<String, NDArray> gradients) {
      steps++;
      double correction1 = 1 - Math.pow(beta1, steps);
      double correction2 = 1 - Math.pow(beta2, steps);
      weights.forEach(
          (name, w) -> {
            double[][] state =
                moments.computeIfAbsent(
                    name, k -> new double[][] {new double[w.length], new double[w.length]});
            NDArray gradient = gradients.get(name);
            float[] g = gradient == null ? new float[w.length] : gradient.toFloatArray();
            double[] m = state[0];
            double[] v = state[1];
            for (int i = 0; i < w.length; i++) {
              m[i] = beta1 * m[i] + (1 - beta1) * g[i];
              v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
              w[i] -=
                  learningRate * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + epsilon);
            }
          });
    }
  }
}
