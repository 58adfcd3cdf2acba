package io.xmcgan.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.storage.StorageSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in tiny extractor loads from the classpath with its sidecar, and resize plus forward
 * reproduce PyTorch (F.interpolate bilinear, align_corners=False, then the module) on a seeded
 * batch computed by tools/feature-extractor/make_tiny_extractor.py.
 */
class FeatureExtractorTest {

  @TempDir Path workDir;

  @Test
  void resizesAndExtractsAsPyTorchDoes() throws Exception {
    JsonNode expected;
    try (InputStream in =
        getClass().getResourceAsStream("/feature-extractors/tiny-expected.json")) {
      expected = new ObjectMapper().readTree(in);
    }
    int source = expected.get("sourceSize").asInt();
    float[] images = floats(expected.get("images"));
    int n = images.length / (3 * source * source);
    FeatureExtractorFiles files =
        FeatureExtractorFiles.resolve(null, StorageSettings.DEFAULTS, workDir);
    assertThat(files.id()).isEqualTo(FeatureExtractorFiles.BUILTIN_TINY);
    assertThat(files.description()).isEqualTo(new ExtractorDescription("tiny", 32, 64, 10));
    try (FeatureExtractor extractor = FeatureExtractor.load(files, Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Features features =
          extractor.extract(manager.create(images, new Shape(n, 3, source, source)));
      assertThat(features.count()).isEqualTo(n);
      assertClose(features.features(), floats(expected.get("features")));
      assertClose(features.logits(), floats(expected.get("logits")));
      assertThat(features.rows()[1][5]).isEqualTo(features.features()[64 + 5]);
    }
  }

  @Test
  void aModuleWithoutItsSidecarIsRefusedWithTheExpectedPath() throws Exception {
    Path module = workDir.resolve("inception.pt");
    Files.write(module, new byte[] {1, 2, 3});
    assertThatThrownBy(
            () ->
                FeatureExtractorFiles.resolve(
                    module.toUri().toString(), StorageSettings.DEFAULTS, workDir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inception.json")
        .hasMessageContaining("docs/evaluation.md");
  }

  @Test
  void aSidecarWithoutInputSizeNamesTheField() {
    assertThatThrownBy(
            () ->
                ExtractorDescription.parse(
                    "{\"featureDimension\": 2048, \"classes\": 1008}"
                        .getBytes(StandardCharsets.UTF_8),
                    "inception.json"))
        .hasMessageContaining("inputSize")
        .hasMessageContaining("inception.json");
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("value %d", i).isCloseTo(expected[i], within(1e-4f));
    }
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }
}
