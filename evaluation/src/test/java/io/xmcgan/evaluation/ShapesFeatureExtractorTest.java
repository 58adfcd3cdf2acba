package io.xmcgan.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.xmcgan.evaluation.metrics.FrechetDistance;
import io.xmcgan.evaluation.metrics.GaussianAccumulator;
import io.xmcgan.evaluation.metrics.GaussianStatistics;
import io.xmcgan.evaluation.metrics.InceptionScoreAccumulator;
import io.xmcgan.experiment.spec.BuiltinFeatureExtractor;
import io.xmcgan.shapes.ShapesGenerator;
import io.xmcgan.shapes.ShapesLayout;
import io.xmcgan.storage.StorageSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shapes extractor, the default for the built-in shapes dataset, gives FID and IS that tell a
 * user what the captions describe: real images of the quickstart's layout score a high IS and a
 * small FID against other real images, and images whose outlines are blurred into blobs, or that
 * are all one picture, score visibly worse. The images come from dataset seeds the extractor was
 * not trained on (tools/feature-extractor/make_shapes_extractor.py uses seed 101).
 */
class ShapesFeatureExtractorTest {

  private static final int SIZE = 32;
  private static final int COUNT = 288;

  @TempDir static Path workDir;
  private static FeatureExtractor extractor;
  private static NDManager manager;

  @BeforeAll
  static void load() throws Exception {
    extractor =
        FeatureExtractor.load(
            FeatureExtractorFiles.resolve(
                BuiltinFeatureExtractor.SHAPES.id(), StorageSettings.DEFAULTS, workDir),
            Device.cpu());
    manager = NDManager.newBaseManager(Device.cpu());
  }

  @AfterAll
  static void close() {
    extractor.close();
    manager.close();
  }

  @Test
  void realImagesScoreHighAndCloseToOtherRealImages() throws Exception {
    float[] images = realImages(3);
    Features real = extract(images);
    Features otherReal = extract(realImages(4));
    Features blobs = extract(blurred(images, 3));
    Features oneImage = extract(sameImage(images));

    double realIs = inceptionScore(real);
    double blobIs = inceptionScore(blobs);
    double oneImageIs = inceptionScore(oneImage);
    double realFid = fid(real, otherReal);
    double blobFid = fid(real, blobs);
    double oneImageFid = fid(real, oneImage);
    // Measured: IS 61.5 / 27.1 / 1.0 of 72 classes; FID 37 / 1128 / 3870 (288 images each).
    assertThat(realIs).isGreaterThan(50);
    assertThat(blobIs).isLessThan(realIs / 1.5);
    assertThat(oneImageIs).isLessThan(1.1);
    assertThat(blobFid).isGreaterThan(10 * realFid);
    assertThat(oneImageFid).isGreaterThan(blobFid);
  }

  private static float[] realImages(long seed) throws Exception {
    ShapesGenerator generator = new ShapesGenerator(SIZE, seed, new ShapesLayout(1, 1));
    int plane = 3 * SIZE * SIZE;
    float[] images = new float[COUNT * plane];
    for (int i = 0; i < COUNT; i++) {
      float[] chw =
          ImageTensors.decodeChw(generator.render("validation", i).png(), SIZE, "shapes " + i);
      System.arraycopy(chw, 0, images, i * plane, plane);
    }
    return images;
  }

  /** Each channel box-blurred (3 x 3, edges clamped) {@code passes} times. */
  private static float[] blurred(float[] images, int passes) {
    float[] out = images.clone();
    for (int pass = 0; pass < passes; pass++) {
      float[] in = out.clone();
      for (int plane = 0; plane < in.length / (SIZE * SIZE); plane++) {
        int base = plane * SIZE * SIZE;
        for (int y = 0; y < SIZE; y++) {
          for (int x = 0; x < SIZE; x++) {
            float sum = 0;
            for (int dy = -1; dy <= 1; dy++) {
              for (int dx = -1; dx <= 1; dx++) {
                int yy = Math.min(SIZE - 1, Math.max(0, y + dy));
                int xx = Math.min(SIZE - 1, Math.max(0, x + dx));
                sum += in[base + yy * SIZE + xx];
              }
            }
            out[base + y * SIZE + x] = sum / 9;
          }
        }
      }
    }
    return out;
  }

  private static float[] sameImage(float[] images) {
    int plane = 3 * SIZE * SIZE;
    float[] out = new float[images.length];
    for (int i = 0; i < COUNT; i++) {
      System.arraycopy(images, 0, out, i * plane, plane);
    }
    return out;
  }

  private static Features extract(float[] images) {
    return extractor.extract(manager.create(images, new Shape(COUNT, 3, SIZE, SIZE)));
  }

  private static double inceptionScore(Features features) {
    int classes = extractor.description().classes();
    InceptionScoreAccumulator accumulator = new InceptionScoreAccumulator(classes, COUNT, 1);
    accumulator.addLogits(features.logits());
    return accumulator.result().mean();
  }

  private static double fid(Features first, Features second) {
    return FrechetDistance.between(statistics(first), statistics(second));
  }

  private static GaussianStatistics statistics(Features features) {
    GaussianAccumulator accumulator =
        new GaussianAccumulator(extractor.description().featureDimension());
    accumulator.add(features.rows());
    return accumulator.toStatistics();
  }
}
