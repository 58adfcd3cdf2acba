package io.xmcgan.engine;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How glibc's {@code malloc} must treat libtorch's CPU tensors: one arena, no {@code mmap}, no
 * trimming, so that a freed activation's pages are reused by the next one instead of being given
 * back to the kernel and faulted in (and zeroed) again on the next step.
 *
 * <p>In a JVM, libtorch runs on Java threads, each with its own glibc arena; tensors larger than
 * glibc's mmap threshold (at most 32 MiB) are mapped and unmapped on every allocation. At coco-128
 * a third of the process's CPU time went to the kernel, mostly zeroing fresh pages, and a step was
 * 1.4x as slow as eager PyTorch's, whose tensors come from the main thread's arena (docs/model.md,
 * "Native memory on the CPU"). glibc reads {@code GLIBC_TUNABLES} once, when the process starts, so
 * the launchers set it: the {@code xmcgan} and {@code bench} scripts, the CPU images and the
 * build's tests, each with {@link #TUNABLES} (a test keeps them equal).
 */
public final class NativeMemory {

  /** The variable glibc reads its malloc settings from, at process start. */
  public static final String VARIABLE = "GLIBC_TUNABLES";

  /** The settings every launcher of a CPU process puts first in {@link #VARIABLE}. */
  public static final String TUNABLES =
      "glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736";

  private static volatile boolean checked;

  private NativeMemory() {}

  /**
   * Says once on stderr when this Linux process started without {@link #TUNABLES} in effect: CPU
   * steps then run, but slower. Later calls do nothing.
   */
  public static void warnOnceIfUnset() {
    if (checked) {
      return;
    }
    checked = true;
    if (!inEffect(System.getProperty("os.name"), System.getenv(VARIABLE))) {
      warn(System.err);
    }
  }

  /**
   * Whether {@code tunables} (the variable's value, or null) gives each of {@link #TUNABLES}'
   * settings its value, as glibc reads it (a later setting of the same name wins); always true off
   * Linux, where the variable means nothing.
   */
  static boolean inEffect(String osName, String tunables) {
    if (osName == null || !osName.startsWith("Linux")) {
      return true;
    }
    Map<String, String> given = settings(tunables == null ? "" : tunables);
    return given.entrySet().containsAll(settings(TUNABLES).entrySet());
  }

  static void warn(PrintStream err) {
    err.println(
        "xmcgan: this process started without "
            + VARIABLE
            + "="
            + TUNABLES
            + ": glibc gives libtorch's freed CPU tensors back to the system and every step"
            + " faults them in again (coco-128 steps about 1.6x as slow). The xmcgan command and"
            + " the CPU images set it; set it before starting java (docs/model.md, \"Native"
            + " memory on the CPU\").");
  }

  private static Map<String, String> settings(String tunables) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String setting : tunables.split(":")) {
      int equals = setting.indexOf('=');
      if (equals > 0) {
        settings.put(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
      }
    }
    return settings;
  }
}
