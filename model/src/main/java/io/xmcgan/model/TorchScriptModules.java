package io.xmcgan.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Frozen TorchScript files (text encoders, feature extractors) loaded as NDList-to-NDList models.
 */
public final class TorchScriptModules {

  private TorchScriptModules() {}

  /**
   * Loads {@code file} onto {@code device}; a module saved on a GPU loads on a CPU alike.
   *
   * @param what how the error names the module, e.g. "text encoder /tmp/encoder.pt"
   * @param exportHint how to make a loadable file, appended to the error
   */
  public static ZooModel<NDList, NDList> load(
      Path file, Device device, String what, String exportHint) throws IOException {
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine("PyTorch")
            .optModelPath(file)
            .optDevice(device)
            .optOption("mapLocation", "true")
            .optTranslator(new NoopTranslator())
            .build();
    try {
      return criteria.loadModel();
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IOException(
          "cannot load " + what + " as TorchScript: " + e.getMessage() + "; " + exportHint, e);
    }
  }
}
