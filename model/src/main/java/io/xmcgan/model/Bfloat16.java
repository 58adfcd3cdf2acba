package io.xmcgan.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Casts tensors between float32 and bfloat16, recorded for autograd. DJL 0.36's PyTorch engine has
 * no bfloat16 data type (its JNI maps no DataType to torch.bfloat16, and such a cast aborts the
 * process) and runs its own casts without autograd, but it runs TorchScript differentiably and
 * every operation on the tensors a module returns; so the casts are a small TorchScript module
 * shipped with the model ({@code tools/model/export_bf16_cast.py}), loaded once per device
 * (docs/training.md, "Precision").
 */
final class Bfloat16 {

  private static final String RESOURCE = "bf16-cast.pt";
  private static final Map<Device, ZooModel<NDList, NDList>> MODULES = new ConcurrentHashMap<>();

  private Bfloat16() {}

  /** A float32 {@code x} as bfloat16 (DJL reports its type as UNKNOWN). */
  static NDArray toBfloat16(NDArray x) {
    return cast(x);
  }

  /** A bfloat16 {@code x} (from {@link #toBfloat16} or an operation on it) as float32. */
  static NDArray toFloat32(NDArray x) {
    return cast(x);
  }

  /** The module's one method: bfloat16 to float32, anything else to bfloat16. */
  private static NDArray cast(NDArray x) {
    Block module = MODULES.computeIfAbsent(x.getDevice(), Bfloat16::load).getBlock();
    return module
        .forward(new ParameterStore(x.getManager(), false), new NDList(x), true)
        .singletonOrThrow();
  }

  private static ZooModel<NDList, NDList> load(Device device) {
    try (InputStream in = Bfloat16.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the model jar lacks " + RESOURCE);
      }
      Path file = Files.createTempFile("xmcgan-bf16-cast-", ".pt");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      try {
        return TorchScriptModules.load(
            file, device, "bfloat16 cast " + RESOURCE, "rebuild the model module");
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the bfloat16 cast", e);
    }
  }
}
