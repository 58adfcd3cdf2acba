package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.resolve.ModelPresets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingStepTest {

  private static final ModelConfig CONFIG = TestConfigs.micro(false);

  /**
   * Adam with eps = 1 moves a parameter by g / (|g| + 1), nearly linear in small gradients. With
   * the reference eps the first step is lr * sign(g), which turns float noise in a near-zero
   * gradient into a full step and makes update comparisons meaningless.
   */
  static final OptimizerSettings LINEAR = new OptimizerSettings(1, 1, 0.5, 0.999, 1, 0.999);

  @Test
  void generatorLossNeverChangesTheDiscriminatorAndDiscriminatorLossNeverChangesTheGenerator() {
    ModelConfig config = TestConfigs.micro(false);
    try (XmcGanNetworks joint = XmcGanNetworks.create(config, Device.cpu(), 3);
        XmcGanNetworks dOnly = XmcGanNetworks.create(config, Device.cpu(), 3);
        TrainingStep jointStep = new TrainingStep(joint, LINEAR, null);
        TrainingStep dOnlyStep = new TrainingStep(dOnly, LINEAR, null)) {
      Map<String, float[]> generatorBefore = snapshot(joint.generator());
      Map<String, float[]> discriminatorBefore = snapshot(joint.discriminator());
      Map<String, Float> terms =
          jointStep.jointStep(TestBatches.random(joint.manager(), config, 8, 5));
      dOnlyStep.discriminatorStep(TestBatches.random(dOnly.manager(), config, 8, 5));

      assertThat(terms).containsKeys("d_loss", "g_loss", "g_image", "g_word_fake");
      // D's update in the joint step is exactly the update from D's own loss.
      assertClose(snapshot(joint.discriminator()), snapshot(dOnly.discriminator()), 1e-5f);
      assertThat(changed(discriminatorBefore, snapshot(joint.discriminator()))).isTrue();
      // D's loss never changes G; G's own loss does.
      assertClose(snapshot(dOnly.generator()), generatorBefore, 0f);
      assertThat(changed(generatorBefore, snapshot(joint.generator()))).isTrue();
    }
  }

  @Test
  void generatorUpdateUsesPreUpdateDiscriminatorParameters() {
    ModelConfig config = TestConfigs.micro(false);
    OptimizerSettings frozenD = new OptimizerSettings(1, 0, 0.5, 0.999, 1, 0.999);
    try (XmcGanNetworks a = XmcGanNetworks.create(config, Device.cpu(), 4);
        XmcGanNetworks b = XmcGanNetworks.create(config, Device.cpu(), 4);
        TrainingStep normal = new TrainingStep(a, LINEAR, null);
        TrainingStep withoutD = new TrainingStep(b, frozenD, null)) {
      normal.jointStep(TestBatches.random(a.manager(), config, 8, 6));
      withoutD.jointStep(TestBatches.random(b.manager(), config, 8, 6));
      assertClose(snapshot(a.generator()), snapshot(b.generator()), 1e-5f);
      assertThat(changed(snapshot(a.discriminator()), snapshot(b.discriminator()))).isTrue();
    }
  }

  @Test
  void emaMovesByOneThousandthOfTheFirstGeneratorUpdate() throws IOException {
    try (XmcGanNetworks networks = XmcGanNetworks.create(CONFIG, Device.cpu(), 2);
        TrainingStep step = new TrainingStep(networks, OptimizerSettings.reference(), null)) {
      Map<String, float[]> before = snapshot(networks.generator());
      assertClose(snapshot(networks.emaGenerator()), before, 0f);
      Map<String, Float> result =
          step.run(
              List.of(
                  TestBatches.random(networks.manager(), CONFIG, 8, 1),
                  TestBatches.random(networks.manager(), CONFIG, 8, 2)));
      assertThat(result).containsKeys("d_loss_substep_1", "d_loss", "g_loss");
      Map<String, float[]> after = snapshot(networks.generator());
      Map<String, float[]> ema = snapshot(networks.emaGenerator());
      Map<String, float[]> expected = new java.util.LinkedHashMap<>();
      for (String name : before.keySet()) {
        float[] e = after.get(name).clone();
        if (name.endsWith("_weight") || name.endsWith("_bias")) {
          // Weights and biases are averaged; BN statistics are the raw G's.
          for (int j = 0; j < e.length; j++) {
            e[j] = 0.999f * before.get(name)[j] + 0.001f * after.get(name)[j];
          }
        }
        expected.put(name, e);
      }
      assertClose(ema, expected, 1e-6f);
      assertThat(step.generatorAdam().steps()).isEqualTo(1);
      assertThat(step.discriminatorAdam().steps()).isEqualTo(2);
    }
  }

  @Test
  void optimizerStateSavesAndRestores() throws IOException {
    try (XmcGanNetworks networks = XmcGanNetworks.create(CONFIG, Device.cpu(), 2);
        TrainingStep step = new TrainingStep(networks, OptimizerSettings.reference(), null);
        TrainingStep restored = new TrainingStep(networks, OptimizerSettings.reference(), null)) {
      step.jointStep(TestBatches.random(networks.manager(), CONFIG, 8, 1));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      step.saveOptimizers(new DataOutputStream(bytes));
      restored.loadOptimizers(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertThat(restored.generatorAdam().steps()).isEqualTo(1);
      String name = XmcGanNetworks.trainableParameters(networks.discriminator()).get(0).getKey();
      NDArray[] original = step.discriminatorAdam().moments(name);
      NDArray[] copy = restored.discriminatorAdam().moments(name);
      assertThat(copy[0].toFloatArray()).containsExactly(original[0].toFloatArray());
      assertThat(copy[1].toFloatArray()).containsExactly(original[1].toFloatArray());
    }
  }

  @Test
  void contrastiveTermsAtInitialisationAreAboutTwoLnEightOnAGroupOfEight() {
    ModelConfig tiny = ModelPresets.find(ModelPresets.TINY).orElseThrow();
    try (XmcGanNetworks networks = XmcGanNetworks.create(tiny, Device.cpu(), 42);
        TrainingStep step = new TrainingStep(networks, OptimizerSettings.reference(), null)) {
      Map<String, Float> terms =
          step.jointStep(TestBatches.random(networks.manager(), tiny, 8, 42));
      for (String term : List.of("d_sentence_real", "g_sentence_fake", "g_image")) {
        assertThat(terms.get(term)).as(term).isBetween(3.9f, 4.9f);
      }
      assertThat(terms.get("d_word_real")).isGreaterThan(3.9f);
    }
  }

  static Map<String, float[]> snapshot(Block block) {
    Map<String, float[]> values = new java.util.LinkedHashMap<>();
    for (Pair<String, Parameter> pair : block.getParameters()) {
      values.put(pair.getKey(), pair.getValue().getArray().toFloatArray());
    }
    return values;
  }

  static boolean changed(Map<String, float[]> a, Map<String, float[]> b) {
    return maxDifference(a, b) > 0;
  }

  private static float maxDifference(Map<String, float[]> a, Map<String, float[]> b) {
    float max = 0;
    for (String name : a.keySet()) {
      float[] x = a.get(name);
      float[] y = b.get(name);
      for (int i = 0; i < x.length; i++) {
        max = Math.max(max, Math.abs(x[i] - y[i]));
      }
    }
    return max;
  }

  static void assertClose(
      Map<String, float[]> actual, Map<String, float[]> expected, float tolerance) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    for (String name : actual.keySet()) {
      float diff = maxDifference(Map.of(name, actual.get(name)), Map.of(name, expected.get(name)));
      assertThat(diff).as("largest difference of " + name).isLessThanOrEqualTo(tolerance);
    }
  }
}
