package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

class SpectralNormTest {

  @Test
  void normalisedWeightHasTopSingularValueOneAfterRepeatedTrainingForwards() {
    try (NDManager manager = NDManager.newBaseManager()) {
      DenseLayer layer = new DenseLayer(40, 24, true);
      layer.initialize(manager, DataType.FLOAT32, new Shape(1, 40));
      Initialization.apply(layer, 11);
      ParameterStore store = new ParameterStore(manager, false);
      NDArray identity = manager.eye(40);
      for (int i = 0; i < 300; i++) {
        layer.forward(store, new NDList(identity), true, ForwardOptions.defaults()).close();
      }
      // With zero bias, the layer applied to the identity is the transposed effective weight.
      NDArray applied = layer.forward(store, new NDList(identity), false).head();
      assertThat(topSingularValue(applied)).isCloseTo(1.0, within(1e-3));
      assertThat(topSingularValue(layer.getParameters().get("weight").getArray()))
          .isNotCloseTo(1.0, within(0.05));
    }
  }

  @Test
  void onlyTrainingForwardsWriteThePowerIterationVector() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Conv2dLayer layer = new Conv2dLayer(3, 5, 3, true);
      layer.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 6, 6));
      Initialization.apply(layer, 5);
      ParameterStore store = new ParameterStore(manager, false);
      NDArray input = manager.randomNormal(new Shape(2, 3, 6, 6));
      NDArray u = layer.getParameters().get("u").getArray();
      float[] initial = u.toFloatArray();
      layer.forward(store, new NDList(input), false);
      assertThat(u.toFloatArray()).containsExactly(initial);
      layer.forward(store, new NDList(input), true, ForwardOptions.defaults());
      float[] afterTraining = u.toFloatArray();
      assertThat(afterTraining).isNotEqualTo(initial);
      layer.forward(store, new NDList(input), true, ForwardOptions.of(true, true));
      assertThat(u.toFloatArray()).containsExactly(afterTraining);
    }
  }

  private static double topSingularValue(NDArray matrix) {
    Shape shape = matrix.getShape();
    int rows = (int) shape.get(0);
    int cols = (int) (shape.size() / rows);
    float[] values = matrix.toFloatArray();
    double[] data = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      data[i] = values[i];
    }
    SimpleMatrix m = new SimpleMatrix(rows, cols, true, data);
    double[] singular = m.svd(true).getSingularValues();
    double max = 0;
    for (double s : singular) {
      max = Math.max(max, s);
    }
    return max;
  }
}
