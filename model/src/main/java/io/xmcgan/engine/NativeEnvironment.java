package io.xmcgan.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The process environment as native libraries see it. {@code System.getenv} is a copy made at JVM
 * start; libtorch, oneDNN, cuBLAS and cuDNN read the C environment when they first need a setting,
 * so a variable set here before that moment takes effect.
 */
public final class NativeEnvironment {

  private NativeEnvironment() {}

  /** Sets {@code name} unless it is already set (a value the user gave wins). */
  public static void setIfAbsent(String name, String value) {
    LibC.INSTANCE.setenv(name, value, 0);
  }

  private interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int setenv(String name, String value, int overwrite);
  }
}
