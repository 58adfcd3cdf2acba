package io.xmcgan.model;

import static io.xmcgan.model.TrainingStepTest.LINEAR;
import static io.xmcgan.model.TrainingStepTest.assertClose;
import static io.xmcgan.model.TrainingStepTest.changed;
import static io.xmcgan.model.TrainingStepTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.experiment.resolve.ModelConfig;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The frozen TorchScript image encoder. Runs in its own JVM (surefire reuseForks=false): after
 * TorchScript has differentiated through the encoder, later steps in the same process were not
 * reproducible.
 */
class ImageEncoderTest {

  private static final ModelConfig CONFIG = TestConfigs.micro(true);

  @Test
  void theImageEncoderTermSendsGradientsIntoTheGenerator() throws IOException {
    ModelConfig without = TestConfigs.micro(false);
    try (ImageEncoder encoder = encoder();
        XmcGanNetworks a = XmcGanNetworks.create(CONFIG, Device.cpu(), 8);
        XmcGanNetworks b = XmcGanNetworks.create(without, Device.cpu(), 8);
        TrainingStep with = new TrainingStep(a, LINEAR, encoder);
        TrainingStep withoutEncoder = new TrainingStep(b, LINEAR, null)) {
      with.jointStep(TestBatches.random(a.manager(), CONFIG, 8, 1));
      withoutEncoder.jointStep(TestBatches.random(b.manager(), without, 8, 1));
      assertThat(changed(snapshot(a.generator()), snapshot(b.generator()))).isTrue();
      assertClose(snapshot(a.discriminator()), snapshot(b.discriminator()), 1e-5f);
      // The encoder still computes what torch computed when the fixture was written.
      assertReproducesTorch(encoder);
    }
  }

  @Test
  void theTinyEncoderFixtureLoadsAndReproducesTorch() throws IOException {
    try (ImageEncoder encoder = encoder()) {
      assertReproducesTorch(encoder);
    }
  }

  private static void assertReproducesTorch(ImageEncoder encoder) throws IOException {
    JsonNode fixture;
    try (InputStream in =
        TrainingStepTest.class.getResourceAsStream("/model/tiny_image_encoder.json")) {
      fixture = new ObjectMapper().readTree(in);
    }
    try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
      NDArray x = manager.linspace(0f, 1f, 2 * 3 * 32 * 32).reshape(2, 3, 32, 32);
      float[] actual = encoder.encode(x).toFloatArray();
      float[] expected = new float[actual.length];
      int k = 0;
      for (JsonNode row : fixture.get("output")) {
        for (JsonNode v : row) {
          expected[k++] = v.floatValue();
        }
      }
      assertThat(actual).containsExactly(expected, within(1e-5f));
    }
  }

  @Test
  void anUnfrozenEncoderIsRefused() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/model/tiny_image_encoder_unfrozen.pt")) {
      assertThatThrownBy(() -> ImageEncoder.load(in, Device.cpu()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("torch.jit.freeze");
    }
  }

  private static ImageEncoder encoder() throws IOException {
    try (InputStream in =
        ImageEncoderTest.class.getResourceAsStream("/model/tiny_image_encoder.pt")) {
      return ImageEncoder.load(in, Device.cpu());
    }
  }
}
