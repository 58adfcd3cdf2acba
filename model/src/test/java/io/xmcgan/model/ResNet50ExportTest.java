package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.xmcgan.frozen.FrozenNetworkExports;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The frozen ResNet-50 of the image loss as tools/frozen-networks/export_resnet50.py exports it (in
 * CI with random weights): it loads through {@link ImageEncoder} (frozen, no parameters), and on
 * the same images in [0, 1] Java's 1000 logits equal the ones Python computed (resize to 224 inside
 * the module, no normalisation), within 1e-4.
 */
class ResNet50ExportTest {

  @Test
  void javaLogitsEqualPythonsOnTheSameImages() throws Exception {
    Path dir = FrozenNetworkExports.require("resnet50", "resnet50.pt");
    JsonNode expected = FrozenNetworkExports.fixture(dir);
    float[] images = FrozenNetworkExports.floats(expected.get("images"));
    float[] logits = FrozenNetworkExports.floats(expected.get("logits"));
    long[] shape = FrozenNetworkExports.shape(expected.get("imageShape"));
    try (InputStream in = Files.newInputStream(dir.resolve("resnet50.pt"));
        ImageEncoder encoder = ImageEncoder.load(in, Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray out = encoder.encode(manager.create(images, new Shape(shape)));
      assertThat(out.getShape()).isEqualTo(new Shape(shape[0], 1000));
      double worst = FrozenNetworkExports.maxDifference(out.toFloatArray(), logits);
      System.out.printf(
          Locale.ROOT,
          "resnet50 (%s): max |Java - Python| over %d logits = %.2e%n",
          expected.get("weights").asText(),
          logits.length,
          worst);
      assertThat(worst).isLessThan(1e-4);
    }
  }
}
