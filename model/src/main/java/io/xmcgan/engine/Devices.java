package io.xmcgan.engine;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that decides which devices a stage runs on: exactly the GPUs it asked for, or the
 * CPU when it asked for none. Asking for GPUs and seeing fewer is an error, never a silent fall
 * back to the CPU (docs/gpu.md, "When the pod sees no GPU").
 */
public final class Devices {

  private Devices() {}

  /**
   * The first {@code requested} GPUs of this process, or the CPU when {@code requested} is 0.
   *
   * @param field the spec field that asked, named in the error, e.g. "spec.training.gpusPerPod"
   * @throws NoGpuVisibleException when the engine sees fewer than {@code requested} GPUs
   */
  public static List<Device> select(int requested, String field) {
    if (requested == 0) {
      return List.of(Device.cpu());
    }
    EngineInfo engine;
    try {
      engine = EngineInfo.detect();
    } catch (EngineException e) {
      // A CUDA libtorch without the node's driver fails to load at all: the same missing GPU.
      throw new NoGpuVisibleException(
          message(requested, 0, System.getenv("PYTORCH_FLAVOR"), field)
              + " (libtorch did not load: "
              + e.getMessage()
              + ")");
    }
    return select(requested, engine.gpuCount(), engine.flavour(), field);
  }

  /** {@link #select(int, String)} for a known number of visible GPUs and libtorch flavour. */
  static List<Device> select(int requested, int visible, String flavour, String field) {
    if (requested < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, got " + requested);
    }
    if (requested == 0) {
      return List.of(Device.cpu());
    }
    if (visible < requested) {
      throw new NoGpuVisibleException(message(requested, visible, flavour, field));
    }
    List<Device> devices = new ArrayList<>(requested);
    for (int i = 0; i < requested; i++) {
      devices.add(Device.gpu(i));
    }
    return devices;
  }

  static String message(int requested, int visible, String flavour, String field) {
    String seen =
        field
            + "="
            + requested
            + " asks for "
            + requested
            + (requested == 1 ? " GPU" : " GPUs")
            + " but this container sees "
            + visible
            + " (libtorch flavour "
            + flavour
            + ")";
    if (!isCuda(flavour)) {
      return seen
          + ": this image has a CPU-only libtorch. Use the CUDA image (build it with"
          + " --build-arg FLAVOR=cu128, docs/gpu.md) through the operator's GPU image setting or"
          + " spec.scheduling.images, or set "
          + field
          + ": 0 to run on the CPU";
    }
    return seen
        + ": the CUDA libtorch found no usable device. Check that the node has an NVIDIA driver and"
        + " the NVIDIA device plugin, that the pod got nvidia.com/gpu="
        + requested
        + " and that NVIDIA_VISIBLE_DEVICES is not overriding it (docs/gpu.md), or set "
        + field
        + ": 0 to run on the CPU";
  }

  private static boolean isCuda(String flavour) {
    return flavour != null && flavour.startsWith("cu");
  }
}
