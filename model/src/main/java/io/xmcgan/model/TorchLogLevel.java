package io.xmcgan.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import io.xmcgan.engine.NativeEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps libtorch's warnings out of a user's terminal: DJL's JNI uses a guard libtorch calls
 * deprecated ({@code AutoNonVariableTypeMode is deprecated ...}), and CPUs without NNPACK support
 * get {@code Could not initialize NNPACK!}; neither is anything a user can act on.
 *
 * <p>libtorch logs through c10, which drops messages below {@code TORCH_CPP_LOG_LEVEL} once {@code
 * c10::initLogging()} has read the variable. Python's torch calls it at import; plain libtorch, as
 * DJL loads it, never does. So {@link #apply} sets {@code TORCH_CPP_LOG_LEVEL=ERROR} unless the
 * user set it ({@code TORCH_CPP_LOG_LEVEL=WARNING} brings the warnings back) and calls {@code
 * c10::initLogging()} in the libc10 DJL loaded. Errors still show: c10 logs them at ERROR, and
 * failed operations reach Java as exceptions.
 */
public final class TorchLogLevel {

  static final String VARIABLE = "TORCH_CPP_LOG_LEVEL";
  static final String QUIET = "ERROR";
  private static final String INIT_LOGGING = "_ZN3c1011initLoggingEv";
  private static volatile boolean applied;

  private TorchLogLevel() {}

  /**
   * Loads the PyTorch engine if this process has not yet, and applies the log level to it (once).
   * Call before the first operation.
   */
  public static void apply() {
    if (applied) {
      return;
    }
    synchronized (TorchLogLevel.class) {
      if (applied) {
        return;
      }
      applied = true;
      NativeEnvironment.setIfAbsent(VARIABLE, QUIET);
      try {
        Engine.getEngine("PyTorch");
        Path c10 = Path.of(LibUtils.getLibtorchPath(), System.mapLibraryName("c10"));
        if (Files.exists(c10)) {
          NativeLibrary.getInstance(c10.toString())
              .getFunction(INIT_LOGGING)
              .invokeVoid(new Object[0]);
        }
      } catch (RuntimeException | LinkageError e) {
        // No libtorch, another layout or no such symbol: the warnings show, nothing else changes.
      }
    }
  }
}
