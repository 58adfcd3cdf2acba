package io.xmcgan.text;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A frozen text encoder: padded token ids in, the last hidden state out. Implementations: a
 * TorchScript module ({@link TorchScriptTextEncoder}: the user's BERT export, the built-in
 * shapes-tiny) and an ONNX model run by OnnxRuntime ({@link OnnxTextEncoder}: the built-in
 * minilm-l6). Not thread-safe: one instance per thread.
 */
public interface TextEncoder extends AutoCloseable {

  /**
   * Encodes a batch of padded token id rows (each {@code maxTokens} long, 0 = padding) into one
   * float array per row holding its (maxTokens × D) last hidden state, row-major. The attention
   * mask is 1 for every non-zero id.
   */
  float[][] encode(long[][] inputIds);

  @Override
  void close();

  /** Loads a TorchScript file onto {@code device} (saved on a GPU or a CPU alike). */
  static TextEncoder load(Path torchScriptFile, Device device) throws IOException {
    return TorchScriptTextEncoder.load(torchScriptFile, device);
  }
}
