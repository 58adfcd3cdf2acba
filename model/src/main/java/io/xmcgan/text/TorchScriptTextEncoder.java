package io.xmcgan.text;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.xmcgan.model.TorchScriptModules;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A frozen TorchScript text encoder with BERT's interface: {@code forward(input_ids,
 * attention_mask)} (both int64, shape (B, T)) returning the last hidden state (B, T, D) first. HF
 * {@code bert-base-uncased} traced with {@code torchscript=True} and the bundled shapes-tiny
 * encoder load through this same class. Not thread-safe: one instance per thread.
 */
public final class TorchScriptTextEncoder implements TextEncoder {

  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;
  private final Path file;

  private TorchScriptTextEncoder(ZooModel<NDList, NDList> model, Path file) {
    this.model = model;
    this.predictor = model.newPredictor();
    this.file = file;
  }

  /** Loads a TorchScript file onto {@code device} (saved on a GPU or a CPU alike). */
  public static TorchScriptTextEncoder load(Path torchScriptFile, Device device)
      throws IOException {
    return new TorchScriptTextEncoder(
        TorchScriptModules.load(
            torchScriptFile,
            device,
            "text encoder " + torchScriptFile,
            "export it with torch.jit.trace or torch.jit.script (see docs/preprocessing.md)"),
        torchScriptFile);
  }

  @Override
  public float[][] encode(long[][] inputIds) {
    int batch = inputIds.length;
    int tokens = inputIds[0].length;
    long[] flatIds = new long[batch * tokens];
    long[] flatMask = new long[batch * tokens];
    for (int b = 0; b < batch; b++) {
      if (inputIds[b].length != tokens) {
        throw new IllegalArgumentException("all rows of a batch must have " + tokens + " tokens");
      }
      for (int t = 0; t < tokens; t++) {
        flatIds[b * tokens + t] = inputIds[b][t];
        flatMask[b * tokens + t] = inputIds[b][t] == 0 ? 0 : 1;
      }
    }
    try (NDManager manager = model.getNDManager().newSubManager()) {
      Shape shape = new Shape(batch, tokens);
      NDList inputs = new NDList(manager.create(flatIds, shape), manager.create(flatMask, shape));
      NDList outputs = predictor.predict(inputs);
      outputs.attach(manager);
      NDArray hidden = outputs.get(0);
      if (hidden.getShape().dimension() != 3
          || hidden.getShape().get(0) != batch
          || hidden.getShape().get(1) != tokens) {
        throw new IllegalStateException(
            "text encoder "
                + file
                + " returned shape "
                + hidden.getShape()
                + " as its first output; expected the last hidden state ("
                + batch
                + ", "
                + tokens
                + ", D)");
      }
      float[] flat = hidden.toType(DataType.FLOAT32, false).toFloatArray();
      int rowLength = flat.length / batch;
      float[][] rows = new float[batch][];
      for (int b = 0; b < batch; b++) {
        rows[b] = new float[rowLength];
        System.arraycopy(flat, b * rowLength, rows[b], 0, rowLength);
      }
      return rows;
    } catch (TranslateException e) {
      throw new IllegalStateException("text encoder " + file + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
