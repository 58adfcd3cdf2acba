package io.xmcgan.text;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * A BERT-family ONNX model ({@code input_ids}, {@code attention_mask}, {@code token_type_ids}, all
 * int64 (B, T), returning {@code last_hidden_state} (B, T, D) first) run by DJL's OnnxRuntime
 * engine on the CPU. The model is read from a stream (the built-in one straight from its jar on the
 * class path), so nothing is unpacked to disk. Token types are all 0; the attention mask is 1 for
 * every non-zero id. With {@code zeroPadding}, positions whose mask is 0 are returned as zeros
 * (docs/preprocessing.md explains why the built-in minilm-l6 does this). Not thread-safe.
 */
public final class OnnxTextEncoder implements TextEncoder {

  static final String ENGINE = "OnnxRuntime";

  private final Model model;
  private final Predictor<NDList, NDList> predictor;
  private final String name;
  private final boolean zeroPadding;

  private OnnxTextEncoder(Model model, String name, boolean zeroPadding) {
    this.model = model;
    this.predictor = model.newPredictor(new NoopTranslator());
    this.name = name;
    this.zeroPadding = zeroPadding;
  }

  /**
   * Loads an ONNX model from {@code onnx}; OnnxRuntime uses as many intra-op threads as the JVM
   * sees processors (a container's CPU limit).
   */
  public static OnnxTextEncoder load(InputStream onnx, String name, boolean zeroPadding)
      throws IOException {
    Engine engine;
    try {
      engine = Engine.getEngine(ENGINE);
    } catch (RuntimeException e) {
      throw new IOException(
          "the OnnxRuntime engine (ai.djl.onnxruntime:onnxruntime-engine) is not available to"
              + " load text encoder "
              + name
              + ": "
              + e.getMessage(),
          e);
    }
    Model model = engine.newModel(name, Device.cpu());
    try {
      model.load(
          onnx,
          Map.of(
              "intraOpNumThreads",
              String.valueOf(Runtime.getRuntime().availableProcessors()),
              "interOpNumThreads",
              "1"));
    } catch (MalformedModelException | RuntimeException e) {
      model.close();
      throw new IOException("cannot load text encoder " + name + " as ONNX: " + e.getMessage(), e);
    }
    return new OnnxTextEncoder(model, name, zeroPadding);
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
      NDArray ids = manager.create(flatIds, shape);
      ids.setName("input_ids");
      NDArray mask = manager.create(flatMask, shape);
      mask.setName("attention_mask");
      NDArray types = manager.create(new long[batch * tokens], shape);
      types.setName("token_type_ids");
      NDList outputs = predictor.predict(new NDList(ids, mask, types));
      outputs.attach(manager);
      NDArray hidden = outputs.get(0);
      Shape got = hidden.getShape();
      if (got.dimension() != 3 || got.get(0) != batch || got.get(1) != tokens) {
        throw new IllegalStateException(
            "text encoder "
                + name
                + " returned shape "
                + got
                + " as its first output; expected the last hidden state ("
                + batch
                + ", "
                + tokens
                + ", D)");
      }
      float[] flat = hidden.toType(DataType.FLOAT32, false).toFloatArray();
      int width = (int) got.get(2);
      float[][] rows = new float[batch][];
      for (int b = 0; b < batch; b++) {
        rows[b] = new float[tokens * width];
        System.arraycopy(flat, b * tokens * width, rows[b], 0, tokens * width);
        if (zeroPadding) {
          for (int t = 0; t < tokens; t++) {
            if (flatMask[b * tokens + t] == 0) {
              Arrays.fill(rows[b], t * width, (t + 1) * width, 0f);
            }
          }
        }
      }
      return rows;
    } catch (TranslateException e) {
      throw new IllegalStateException("text encoder " + name + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
