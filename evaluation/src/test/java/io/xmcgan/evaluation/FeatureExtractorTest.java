package io.xmcgan.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.experiment.spec.BuiltinFeatureExtractor;
import io.xmcgan.storage.StorageSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The built-in extractors load from the classpath with their sidecars, and resize plus forward
 * reproduce PyTorch (F.interpolate bilinear, align_corners=False, then the module) on a seeded
 * batch computed by the tools/feature-extractor script that made each.
 */
class FeatureExtractorTest {

  @TempDir Path workDir;

  @ParameterizedTest
  @EnumSource(BuiltinFeatureExtractor.class)
  void resizesAndExtractsAsPyTorchDoes(BuiltinFeatureExtractor builtin) throws Exception {
    JsonNode expected;
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/feature-extractors/" + builtin.resourceName() + "-expected.json")) {
      expected = new ObjectMapper().readTree(in);
    }
    int source = expected.get("sourceSize").asInt();
    float[] images = floats(expected.get("images"));
    int n = images.length / (3 * source * source);
    FeatureExtractorFiles files =
        FeatureExtractorFiles.resolve(builtin.id(), StorageSettings.DEFAULTS, workDir);
    assertThat(files.id()).isEqualTo(builtin.id());
    assertThat(files.description().name()).isEqualTo(builtin.resourceName());
    try (FeatureExtractor extractor = FeatureExtractor.load(files, Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Features features =
          extractor.extract(manager.create(images, new Shape(n, 3, source, source)));
      assertThat(features.count()).isEqualTo(n);
      assertClose(features.features(), floats(expected.get("features")));
      assertClose(features.logits(), floats(expected.get("logits")));
      int dimension = files.description().featureDimension();
      assertThat(features.rows()[1][5]).isEqualTo(features.features()[dimension + 5]);
    }
  }

  @Test
  void anExperimentResolvedWithoutAnExtractorKeepsTheTinyOne() throws Exception {
    assertThat(FeatureExtractorFiles.resolve(null, StorageSettings.DEFAULTS, workDir).id())
        .isEqualTo(BuiltinFeatureExtractor.TINY.id());
  }

  @Test
  void anUnknownBuiltinExtractorNamesTheKnownOnes() {
    assertThatThrownBy(
            () ->
                FeatureExtractorFiles.resolve(
                    "builtin:inception", StorageSettings.DEFAULTS, workDir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("builtin:inception")
        .hasMessageContaining("builtin:tiny, builtin:shapes");
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
