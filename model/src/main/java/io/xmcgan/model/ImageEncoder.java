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
 * logits of a ResNet-50; any resizing happens inside the module). Gradients flow through it into
 * the generator's images; it has nothing that could change.
 *
 * <p>The module must be exported frozen, {@code torch.jit.freeze(torch.jit.script(model.eval()))}:
 * freezing turns every weight and normalisation statistic into a constant and fixes the
 * inference-mode branches. That matters because DJL runs a TorchScript module in no-grad mode
 * unless it is called in training mode, so the encoder is called in training mode (to let gradients
 * through), which on a frozen module changes nothing. A module that still has parameters is
 * refused.
 */
public final class ImageEncoder implements AutoCloseable {

  private final Model model;
  private final Block block;
  private final ParameterStore store;

  private ImageEncoder(Model model) {
    this.model = model;
    this.block = model.getBlock();
    int parameters = block.getParameters().size();
    if (parameters > 0) {
      throw new IllegalArgumentException(
          "the image encoder TorchScript module has "
              + parameters
              + " parameters; export it frozen with"
              + " torch.jit.freeze(torch.jit.script(model.eval())) so that it cannot change");
    }
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
    try {
      return new ImageEncoder(model);
    } catch (IllegalArgumentException e) {
      model.close();
      throw e;
    }
  }

  /** The encoder's features of images in [0, 1]; differentiable with respect to the images. */
  public NDArray encode(NDArray images) {
    return block.forward(store, new NDList(images), true).head();
  }

  @Override
  public void close() {
    model.close();
  }
}
