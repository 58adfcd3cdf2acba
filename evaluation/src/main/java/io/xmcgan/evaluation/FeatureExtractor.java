package io.xmcgan.evaluation;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.xmcgan.model.TorchScriptModules;
import java.io.IOException;

/**
 * A frozen TorchScript feature extractor (pytorch-fid's Inception-v3 in production, the tiny one in
 * tests): {@code forward(images (N, 3, S, S) in [0, 1])} returns {@code (features (N, d), logits
 * (N, classes))}. Images of another size are resized to S first. Not thread-safe.
 */
public final class FeatureExtractor implements AutoCloseable {

  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;
  private final FeatureExtractorFiles files;

  private FeatureExtractor(ZooModel<NDList, NDList> model, FeatureExtractorFiles files) {
    this.model = model;
    this.predictor = model.newPredictor();
    this.files = files;
  }

  /** Loads the module onto {@code device} (a module saved on a GPU loads on a CPU alike). */
  public static FeatureExtractor load(FeatureExtractorFiles files, Device device)
      throws IOException {
    return new FeatureExtractor(
        TorchScriptModules.load(
            files.module(),
            device,
            "feature extractor " + files.id(),
            "export it as docs/evaluation.md shows"),
        files);
  }

  public FeatureExtractorFiles files() {
    return files;
  }

  public ExtractorDescription description() {
    return files.description();
  }

  /** The features and logits of a batch of images (N, 3, S, S) in [0, 1]. */
  public Features extract(NDArray images) {
    ExtractorDescription description = files.description();
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray input = resize(images.toDevice(manager.getDevice(), true), manager);
      NDList outputs = predictor.predict(new NDList(input));
      outputs.attach(manager);
      if (outputs.size() < 2) {
        throw new IllegalStateException(
            "feature extractor "
                + files.id()
                + " must return (features, logits); it returned "
                + outputs.size()
                + " output(s)");
      }
      long n = images.getShape().get(0);
      float[] features = flat(outputs.get(0), n, description.featureDimension(), "features");
      float[] logits = flat(outputs.get(1), n, description.classes(), "logits");
      return new Features((int) n, description.featureDimension(), features, logits);
    } catch (TranslateException e) {
      throw new IllegalStateException(
          "feature extractor " + files.id() + " failed: " + e.getMessage(), e);
    }
  }

  private NDArray resize(NDArray images, NDManager manager) {
    Shape shape = images.getShape();
    int size = files.description().inputSize();
    NDArray input = images.toType(DataType.FLOAT32, false);
    input.attach(manager);
    if (shape.get(2) == size && shape.get(3) == size) {
      return input;
    }
    // DJL's resize works on NHWC; the PyTorch engine runs F.interpolate(align_corners=False).
    NDArray nhwc = input.transpose(0, 2, 3, 1);
    return NDImageUtils.resize(nhwc, size, size, Image.Interpolation.BILINEAR)
        .transpose(0, 3, 1, 2);
  }

  private float[] flat(NDArray output, long n, int width, String what) {
    Shape shape = output.getShape();
    if (shape.size() != n * width || shape.get(0) != n) {
      throw new IllegalStateException(
          "feature extractor "
              + files.id()
              + " returned "
              + what
              + " of shape "
              + shape
              + "; its description says ("
              + n
              + ", "
              + width
              + ")");
    }
    return output.toType(DataType.FLOAT32, false).toFloatArray();
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
