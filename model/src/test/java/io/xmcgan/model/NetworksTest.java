package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.resolve.ModelPresets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworksTest {

  private static ModelConfig preset(String name) {
    return ModelPresets.find(name).orElseThrow();
  }

  @Test
  void coco128ParameterCountsEqualTheReferenceArchitecture() {
    ModelConfig config = preset(ModelPresets.COCO_128);
    assertThat(ParameterCounts.of(new Generator(config)).trainable()).isEqualTo(78_507_779L);
    assertThat(ParameterCounts.of(new Discriminator(config)).trainable()).isEqualTo(87_911_713L);
  }

  @Test
  void coco256ParameterCountsEqualTheReferenceArchitecture() {
    ModelConfig config = preset(ModelPresets.COCO_256);
    assertThat(ParameterCounts.of(new Generator(config)).trainable()).isEqualTo(92_865_539L);
    assertThat(ParameterCounts.of(new Discriminator(config)).trainable()).isEqualTo(99_415_585L);
  }

  @Test
  void everyStageHasTheReferenceShapeAtCoco128() {
    ModelConfig config = preset(ModelPresets.COCO_128);
    List<Shape> generator =
        new Generator(config).stages(2).stream().map(Stage::outputShape).toList();
    assertThat(generator)
        .containsExactly(
            new Shape(2, 128),
            new Shape(2, 1536, 4, 4),
            new Shape(2, 1536, 8, 8),
            new Shape(2, 768, 16, 16),
            new Shape(2, 256, 768),
            new Shape(2, 384, 32, 32),
            new Shape(2, 192, 64, 64),
            new Shape(2, 96, 128, 128),
            new Shape(2, 96, 128, 128),
            new Shape(2, 3, 128, 128));
    List<Shape> discriminator =
        new Discriminator(config).stages(2).stream().map(Stage::outputShape).toList();
    assertThat(discriminator)
        .containsExactly(
            new Shape(2, 96, 64, 64),
            new Shape(2, 192, 32, 32),
            new Shape(2, 384, 16, 16),
            new Shape(2, 768, 8, 8),
            new Shape(2, 1536, 4, 4),
            new Shape(2, 1536, 4, 4),
            new Shape(2, 1),
            new Shape(2, 1536),
            new Shape(2, 256, 768));
  }

  @Test
  void everyPresetProducesImagesOfItsSizeAndRegionsAtCondSize() {
    for (String name : ModelPresets.names()) {
      ModelConfig config = preset(name);
      Shape[] g = new Generator(config).getOutputShapes(new Shape[] {new Shape(2, config.zDim())});
      assertThat(g[0]).as(name).isEqualTo(new Shape(2, 3, config.imageSize(), config.imageSize()));
      Discriminator d = new Discriminator(config);
      Shape[] outputs =
          d.getOutputShapes(
              new Shape[] {
                new Shape(4, 3, config.imageSize(), config.imageSize()),
                new Shape(2, config.textDim())
              });
      assertThat(outputs)
          .as(name)
          .containsExactly(
              new Shape(4, 1),
              new Shape(4, d.featureChannels()),
              new Shape(2, d.featureChannels()),
              new Shape(4, 256, config.textDim()));
    }
  }

  @Test
  void forwardOutputsHaveTheDeclaredShapesAndImagesAreInUnitRange() {
    ModelConfig config = TestConfigs.micro(false);
    try (XmcGanNetworks networks = XmcGanNetworks.create(config, Device.cpu(), 1)) {
      Batch batch = TestBatches.random(networks.manager(), config, 8, 2);
      ParameterStore store = new ParameterStore(networks.manager(), false);
      NDArray image = networks.generator().forward(store, batch.generatorInputs(), false).head();
      assertThat(image.getShape()).isEqualTo(new Shape(8, 3, 32, 32));
      assertThat(image.min().getFloat()).isGreaterThanOrEqualTo(0f);
      assertThat(image.max().getFloat()).isLessThanOrEqualTo(1f);
      NDArray train =
          networks
              .generator()
              .forward(store, batch.generatorInputs(), true, ForwardOptions.of(false, false))
              .head();
      assertThat(train.getShape()).isEqualTo(new Shape(8, 3, 32, 32));
      NDList d =
          networks
              .discriminator()
              .forward(store, new NDList(batch.images().concat(image, 0), batch.sentence()), false);
      Shape[] declared =
          networks
              .discriminator()
              .getOutputShapes(new Shape[] {new Shape(16, 3, 32, 32), new Shape(8, 16)});
      for (int i = 0; i < declared.length; i++) {
        assertThat(d.get(i).getShape()).isEqualTo(declared[i]);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameInitialValuesAndWeightsAreTruncatedGlorot() {
    ModelConfig config = TestConfigs.micro(false);
    try (XmcGanNetworks a = XmcGanNetworks.create(config, Device.cpu(), 42);
        XmcGanNetworks b = XmcGanNetworks.create(config, Device.cpu(), 42);
        XmcGanNetworks c = XmcGanNetworks.create(config, Device.cpu(), 43)) {
      List<Pair<String, Parameter>> pa = a.generator().getParameters().stream().toList();
      List<Pair<String, Parameter>> pb = b.generator().getParameters().stream().toList();
      List<Pair<String, Parameter>> pc = c.generator().getParameters().stream().toList();
      boolean anyDifferent = false;
      for (int i = 0; i < pa.size(); i++) {
        float[] va = pa.get(i).getValue().getArray().toFloatArray();
        assertThat(va).containsExactly(pb.get(i).getValue().getArray().toFloatArray());
        Parameter p = pa.get(i).getValue();
        if (p.getType() == Parameter.Type.WEIGHT) {
          anyDifferent |=
              !java.util.Arrays.equals(va, pc.get(i).getValue().getArray().toFloatArray());
          Shape s = p.getShape();
          long receptive = s.dimension() == 4 ? s.get(2) * s.get(3) : 1;
          double std =
              Math.sqrt(2.0 / ((s.get(0) + s.get(1)) * receptive))
                  / Initialization.TRUNCATED_STDDEV;
          for (float v : va) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) (2 * std * 1.0001));
          }
        }
        if (p.getType() == Parameter.Type.BIAS) {
          assertThat(va).containsOnly(0f);
        }
      }
      assertThat(anyDifferent).isTrue();
    }
  }

  @Test
  void savedParametersLoadBackIdentically() throws IOException {
    ModelConfig config = TestConfigs.micro(false);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (XmcGanNetworks networks = XmcGanNetworks.create(config, Device.cpu(), 9)) {
      networks.save(bytes);
      try (XmcGanNetworks loaded =
          XmcGanNetworks.load(
              config, Device.cpu(), new ByteArrayInputStream(bytes.toByteArray()))) {
        assertSameValues(networks.generator(), loaded.generator());
        assertSameValues(networks.emaGenerator(), loaded.emaGenerator());
        assertSameValues(networks.discriminator(), loaded.discriminator());
      }
    }
  }

  @Test
  void aCheckpointOfAnotherPresetIsRefusedNamingBothPresets() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (XmcGanNetworks tiny = XmcGanNetworks.create(preset(ModelPresets.TINY), Device.cpu(), 1)) {
      tiny.save(bytes);
    }
    assertThatThrownBy(
            () ->
                XmcGanNetworks.load(
                    TestConfigs.micro(false),
                    Device.cpu(),
                    new ByteArrayInputStream(bytes.toByteArray())))
        .isInstanceOf(IncompatibleCheckpointException.class)
        .hasMessageContaining("'tiny'")
        .hasMessageContaining("'micro-test'");
  }

  private static void assertSameValues(ai.djl.nn.Block expected, ai.djl.nn.Block actual) {
    List<Pair<String, Parameter>> e = expected.getParameters().stream().toList();
    List<Pair<String, Parameter>> a = actual.getParameters().stream().toList();
    assertThat(a).hasSameSizeAs(e);
    for (int i = 0; i < e.size(); i++) {
      assertThat(a.get(i).getKey()).isEqualTo(e.get(i).getKey());
      assertThat(a.get(i).getValue().getArray().toFloatArray())
          .as(e.get(i).getKey())
          .containsExactly(e.get(i).getValue().getArray().toFloatArray());
    }
  }
}
