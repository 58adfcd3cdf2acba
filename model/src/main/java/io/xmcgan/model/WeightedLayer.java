package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.xmcgan.experiment.spec.Precision;

/**
 * A convolution or dense layer with a bias and optional spectral normalisation
 * (docs/reference-model.md, "Spectral normalisation"). With spectral norm the layer keeps a
 * persistent vector u (1 x out); each training forward runs one power iteration on the detached
 * weight, writes u back and divides the weight by sigma + 1e-10, with the gradient flowing through
 * sigma into the weight. An inference forward runs the same iteration without writing u.
 */
public abstract class WeightedLayer extends NetworkBlock {

  static final float SPECTRAL_EPS = 1e-10f;

  protected final int inChannels;
  protected final int outChannels;
  protected final int kernel;
  protected final boolean spectralNorm;
  protected final Parameter weight;
  protected final Parameter bias;
  private final Parameter u;
  private NDArray lastV;
  private Precision precision = Precision.fp32;

  protected WeightedLayer(
      int inChannels, int outChannels, int kernel, boolean spectralNorm, Shape weightShape) {
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.spectralNorm = spectralNorm;
    this.weight = trainable("weight", Parameter.Type.WEIGHT, weightShape);
    this.bias = trainable("bias", Parameter.Type.BIAS, new Shape(outChannels));
    this.u =
        spectralNorm
            ? state(
                "u",
                Parameter.Type.OTHER,
                new Shape(1, outChannels),
                new ai.djl.training.initializer.NormalInitializer(0.01f))
            : null;
  }

  /** The arithmetic of this layer's product; parameters stay float32 whatever it is. */
  void setPrecision(Precision precision) {
    this.precision = precision;
  }

  /**
   * The layer's product {@code op(x, w, b)} in its precision: with bf16 the input, the (spectrally
   * normalised) weight and the bias are cast to bfloat16 and the output back to float32, so batch
   * norm, the losses and the masks downstream stay float32 (docs/training.md, "Precision").
   */
  protected NDList product(NDArray x, NDArray w, NDArray b, Product op) {
    if (precision != Precision.bf16) {
      return op.apply(x, w, b);
    }
    NDArray out =
        op.apply(Bfloat16.toBfloat16(x), Bfloat16.toBfloat16(w), Bfloat16.toBfloat16(b))
            .singletonOrThrow();
    return new NDList(Bfloat16.toFloat32(out));
  }

  /** A convolution or matrix product with bias. */
  @FunctionalInterface
  protected interface Product {
    NDList apply(NDArray x, NDArray w, NDArray b);
  }

  /** Fan-in and fan-out as the reference's glorot init counts them (including k x k). */
  public long fanIn() {
    return (long) inChannels * kernel * kernel;
  }

  public long fanOut() {
    return (long) outChannels * kernel * kernel;
  }

  /**
   * The weight actually applied: the raw weight, or weight / (sigma + 1e-10) with spectral norm.
   */
  protected NDArray effectiveWeight(
      ParameterStore store, NDArray input, boolean training, PairList<String, Object> options) {
    NDArray w = store.getValue(weight, input.getDevice(), training);
    if (!spectralNorm) {
      return w;
    }
    NDArray matrix = w.reshape(outChannels, -1);
    NDArray v;
    NDArray uNext;
    if (training && ForwardOptions.reusePowerIteration(options) && lastV != null) {
      v = lastV;
      uNext = store.getValue(u, input.getDevice(), false);
    } else {
      NDArray detached = matrix.stopGradient();
      NDArray uValue = store.getValue(u, input.getDevice(), false);
      v = normalize(uValue.matMul(detached));
      uNext = normalize(v.matMul(detached.transpose()));
      if (training) {
        rememberIteration(v, uNext);
        uNext = u.getArray();
      }
    }
    NDArray sigma = v.matMul(matrix.transpose()).mul(uNext).sum();
    return w.div(Ops.shift(sigma, SPECTRAL_EPS));
  }

  /** Writes u' into the persistent u (in place, no host copy) and keeps v for a reusing pass. */
  private void rememberIteration(NDArray v, NDArray uNext) {
    u.getArray().intern(uNext);
    if (lastV != null) {
      lastV.close();
    }
    lastV = v;
    NDScope.unregister(lastV);
  }

  private static NDArray normalize(NDArray x) {
    return x.div(Ops.shift(x.square().sum(), SPECTRAL_EPS).sqrt());
  }

  protected NDArray biasValue(ParameterStore store, NDArray input, boolean training) {
    return store.getValue(bias, input.getDevice(), training);
  }

  @Override
  protected abstract NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> options);
}
