package io.xmcgan.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.xmcgan.frozen.FrozenNetworkExports;
import io.xmcgan.storage.StorageSettings;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pytorch-fid's Inception-v3 as tools/frozen-networks/export_fid_inception.py exports it (in CI
 * with random weights): it resolves by URI with its sidecar like a user's extractor, and on the
 * same 32 px images the evaluator's resize to 299 plus the module give the 2048-d pool features and
 * the 1008 logits that Python computed (F.interpolate bilinear, align_corners=False, then the
 * module), within 1e-4.
 */
class InceptionExportTest {

  @TempDir Path workDir;

  @Test
  void javaFeaturesAndLogitsEqualPythonsOnTheSameImages() throws Exception {
    Path dir = FrozenNetworkExports.require("inception", "inception.pt");
    JsonNode expected = FrozenNetworkExports.fixture(dir);
    FeatureExtractorFiles files =
        FeatureExtractorFiles.resolve(
            dir.resolve("inception.pt").toUri().toString(), StorageSettings.DEFAULTS, workDir);
    assertThat(files.description().inputSize()).isEqualTo(299);
    assertThat(files.description().featureDimension()).isEqualTo(2048);
    assertThat(files.description().classes()).isEqualTo(1008);
    long[] shape = FrozenNetworkExports.shape(expected.get("imageShape"));
    try (FeatureExtractor extractor = FeatureExtractor.load(files, Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Features features =
          extractor.extract(
              manager.create(
                  FrozenNetworkExports.floats(expected.get("images")), new Shape(shape)));
      double featureError =
          FrozenNetworkExports.maxDifference(
              features.features(), FrozenNetworkExports.floats(expected.get("features")));
      double logitError =
          FrozenNetworkExports.maxDifference(
              features.logits(), FrozenNetworkExports.floats(expected.get("logits")));
      System.out.printf(
          Locale.ROOT,
          "inception (%s): max |Java - Python| features %.2e, logits %.2e%n",
          expected.get("weights").asText(),
          featureError,
          logitError);
      assertThat(featureError).isLessThan(1e-4);
      assertThat(logitError).isLessThan(1e-4);
    }
  }
}
