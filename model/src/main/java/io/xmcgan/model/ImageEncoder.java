package io.xmcgan.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * The frozen pretrained image encoder of the generator's extra contrastive loss: a TorchScript
 * module that maps images (N, 3, S, S) in [0, 1] to a feature (N, D) (the reference uses the 1000
 * logits of a ResNet-50; any resizing happens inside the module). Its parameters never receive a
 * gradient and never change; gradients flow through it into the generator's images. Export it in
 * inference mode (e.g. {@code torch.jit.freeze(torch.jit.script(model.eval()))}) so that its
 * normalisation layers use their stored statistics.
 */
public final class ImageEncoder implements AutoCloseable {

  private final Model model;
  private final Block block;
  private final ParameterStore store;

  private ImageEncoder(Model model) {
    this.model = model;
    this.block = model.getBlock();
    this.block.freezeParameters(true);
    this.store = new ParameterStore(model.getNDManager(), false);
  }

  /** Loads a TorchScript module from a stream onto a device. */
  public static ImageEncoder load(InputStream torchScript, Device device) throws IOException {
    Model model = Model.newInstance("imageEncoder", device, "PyTorch");
    try {
      model.load(torchScript);
    } catch (MalformedModelException | RuntimeException e) {
      model.close();
      throw new IOException("cannot load the image encoder as TorchScript: " + e.getMessage(), e);
    }
    return new ImageEncoder(model);
  }

  /** The encoder's features of images in [0, 1]; differentiable with respect to the images. */
  public NDArray encode(NDArray images) {
    return block.forward(store, new NDList(images), false).head();
  }

  /** The encoder's own parameters (for checks that they never change). */
  public Block block() {
    return block;
  }

  @Override
  public void close() {
    model.close();
  }
}
