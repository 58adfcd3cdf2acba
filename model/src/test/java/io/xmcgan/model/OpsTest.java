package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpsTest {

  /** libtorch's nearest upsampling against its definition: the same values and gradients. */
  @ParameterizedTest(name = "{0}x{1}x{2}x{3} by {4}")
  @CsvSource({"2, 3, 4, 5, 2", "8, 16, 4, 4, 4", "1, 1, 1, 1, 2", "3, 2, 3, 3, 1"})
  void nearestUpsamplingIsTheBroadcast(int n, int c, int h, int w, int factor) {
    SplittableRandom random = new SplittableRandom(n + 10L * c + 100L * factor);
    Shape shape = new Shape(n, c, h, w);
    float[] x = TestBatches.gaussian(random, (int) shape.size());
    float[] upstream = TestBatches.gaussian(random, (int) shape.size() * factor * factor);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray[] outputs = new NDArray[2];
      NDArray[] gradients = new NDArray[2];
      for (int way = 0; way < 2; way++) {
        NDArray input = Ops.upload(manager, x, shape);
        input.setRequiresGradient(true);
        try (Autograd autograd = new Autograd()) {
          outputs[way] =
              way == 0
                  ? Ops.upsampleNearest(input, factor)
                  : Ops.upsampleNearestByBroadcast(input, factor);
          autograd.backward(
              outputs[way].mul(Ops.upload(manager, upstream, outputs[way].getShape())).sum());
        }
        gradients[way] = input.getGradient();
      }
      assertThat(outputs[0].getShape()).isEqualTo(new Shape(n, c, h * factor, w * factor));
      assertThat(outputs[0].toFloatArray()).containsExactly(outputs[1].toFloatArray());
      float[] expected = gradients[1].toFloatArray();
      float[] actual = gradients[0].toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i]).as("gradient[%d]", i).isCloseTo(expected[i], within(expected[i]));
      }
    }
  }

  private static org.assertj.core.data.Offset<Float> within(float value) {
    return org.assertj.core.data.Offset.offset(1e-6f * Math.max(1, Math.abs(value)));
  }
}
