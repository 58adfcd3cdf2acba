package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.spec.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * bf16 training on the CPU: convolutions and dense layers compute in bfloat16, everything the
 * optimiser and the losses see stays float32, the losses stay finite and close to float32's.
 */
class PrecisionTest {

  private static final ModelConfig CONFIG = TestConfigs.micro(false);
  private static final int STEPS = 4;

  /** Largest relative difference of any loss term, bf16 against fp32 (0.012 measured here). */
  private static final double TOLERANCE = 0.05;

  @Test
  void bf16TrainsWithFiniteLossesCloseToFp32AndKeepsFloat32State() {
    try (XmcGanNetworks exact = XmcGanNetworks.create(CONFIG, Device.cpu(), 9);
        XmcGanNetworks low = XmcGanNetworks.create(CONFIG, Device.cpu(), 9);
        TrainingStep exactStep = new TrainingStep(exact, OptimizerSettings.reference(), null);
        TrainingStep lowStep = new TrainingStep(low, OptimizerSettings.reference(), null)) {
      low.setPrecision(Precision.bf16);
      List<Double> differences = new ArrayList<>();
      for (int step = 0; step < STEPS; step++) {
        Map<String, Float> expected =
            exactStep.run(
                List.of(
                    TestBatches.random(exact.manager(), CONFIG, 8, 2 * step),
                    TestBatches.random(exact.manager(), CONFIG, 8, 2 * step + 1)));
        Map<String, Float> actual =
            lowStep.run(
                List.of(
                    TestBatches.random(low.manager(), CONFIG, 8, 2 * step),
                    TestBatches.random(low.manager(), CONFIG, 8, 2 * step + 1)));
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (var term : expected.entrySet()) {
          float value = actual.get(term.getKey());
          assertThat(Float.isFinite(value)).as("%s at step %d", term.getKey(), step).isTrue();
          if (!term.getKey().contains("accuracy")) {
            differences.add(
                (double) Math.abs(value - term.getValue())
                    / Math.max(1, Math.abs(term.getValue())));
          }
        }
      }
      double worst = differences.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      assertThat(worst).as("largest relative loss difference bf16 vs fp32").isLessThan(TOLERANCE);
      assertThat(worst).as("bf16 really computed in bfloat16").isGreaterThan(0);
      for (Pair<String, Parameter> pair : low.generator().getParameters()) {
        NDArray value = pair.getValue().getArray();
        assertThat(value.getDataType()).as(pair.getKey()).isEqualTo(DataType.FLOAT32);
      }
      assertThat(lowStep.generatorAdam().moments(firstTrainable(low)).clone())
          .allSatisfy(m -> assertThat(m.getDataType()).isEqualTo(DataType.FLOAT32));
    }
  }

  private static String firstTrainable(XmcGanNetworks networks) {
    return XmcGanNetworks.trainableParameters(networks.generator()).get(0).getKey();
  }
}
