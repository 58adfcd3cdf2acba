package io.xmcgan.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * libtorch's switch for oneDNN ({@code at::globalContext().setUserEnabledMkldnn}), which DJL does
 * not expose. Off, libtorch runs its own CPU convolutions (im2col and GEMM) instead of oneDNN's.
 * Called through the library's exported C++ symbols; the switch can be flipped at any time and
 * holds for the whole process.
 */
final class LibtorchMkldnn {

  private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
  private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledMkldnnEb";
  private static final String ENABLED = "_ZNK2at7Context17userEnabledMkldnnEv";

  private LibtorchMkldnn() {}

  /** Turns libtorch's use of oneDNN off; false when this libtorch has no such switch. */
  static boolean disable() {
    return set(false);
  }

  /** Turns libtorch's use of oneDNN back on (tests); false when there is no such switch. */
  static boolean enable() {
    return set(true);
  }

  /** Whether libtorch uses oneDNN now; empty when this libtorch has no such switch. */
  static Optional<Boolean> enabled() {
    try {
      NativeLibrary torch = torchCpu();
      Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
      int value = torch.getFunction(ENABLED).invokeInt(new Object[] {context});
      return Optional.of((value & 0xff) != 0);
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  private static boolean set(boolean on) {
    try {
      NativeLibrary torch = torchCpu();
      Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
      torch.getFunction(SET_ENABLED).invokeVoid(new Object[] {context, on});
      return enabled().orElse(!on) == on;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static NativeLibrary torchCpu() {
    Engine.getEngine("PyTorch");
    Path library = Path.of(LibUtils.getLibtorchPath(), System.mapLibraryName("torch_cpu"));
    if (!Files.exists(library)) {
      throw new IllegalStateException("no " + library);
    }
    return NativeLibrary.getInstance(library.toString());
  }
}
