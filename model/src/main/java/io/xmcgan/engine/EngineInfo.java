package io.xmcgan.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the PyTorch engine of this process is: libtorch version and flavour, where it was loaded
 * from, the CUDA runtime and driver, and the GPUs it sees. {@link #line()} is the one start-up line
 * the trainer and evaluator images print (docs/images.md).
 *
 * @param engine the DJL engine name, "PyTorch"
 * @param version the libtorch version DJL reports, e.g. "2.7.1"
 * @param flavour the libtorch build: "cpu", "cu128", ... ({@code PYTORCH_FLAVOR}, which is also
 *     what DJL itself goes by, or else what the loaded libtorch shows)
 * @param libraryPath the directory libtorch was loaded from (DJL's {@code LibUtils}), or null
 * @param cudaVersion the CUDA runtime version, e.g. "12.8"; null for a CPU flavour or when no CUDA
 *     runtime loads
 * @param driverCudaVersion the newest CUDA version the node's NVIDIA driver supports, e.g. "12.8";
 *     null for a CPU flavour or when there is no driver
 * @param gpuCount the GPUs the engine can use (0 without a usable CUDA libtorch, driver and device)
 * @param devices one description per GPU, e.g. "gpu0 NVIDIA H100 80GB HBM3 (sm_90, 79.6 GiB)"
 */
public record EngineInfo(
    String engine,
    String version,
    String flavour,
    String libraryPath,
    String cudaVersion,
    String driverCudaVersion,
    int gpuCount,
    List<String> devices) {

  /**
   * The name of the directory DJL unpacks libtorch into: {@code <version>-<flavour>-<os>-<arch>}.
   */
  private static final Pattern DJL_CACHE_DIR =
      Pattern.compile("\\d+\\.\\d+\\.\\d+(?:-\\d+)?-(.+)-(?:linux|osx|win)-(?:x86_64|aarch64)");

  public EngineInfo {
    devices = List.copyOf(devices);
  }

  /**
   * Loads the PyTorch engine (if this process has not yet) and describes it.
   *
   * @throws ai.djl.engine.EngineException when libtorch cannot be loaded
   */
  public static EngineInfo detect() {
    Engine engine = Engine.getEngine("PyTorch");
    String libraryPath = loadedLibraryPath();
    String flavour =
        flavour(
            Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR"),
            libraryPath,
            libraryPath != null
                && Files.exists(Path.of(libraryPath, System.mapLibraryName("torch_cuda"))));
    int gpuCount = engine.getGpuCount();
    if (!isCuda(flavour)) {
      return new EngineInfo(
          engine.getEngineName(),
          engine.getVersion(),
          flavour,
          libraryPath,
          null,
          null,
          gpuCount,
          List.of());
    }
    CudaDriver driver = CudaDriver.load();
    List<String> devices = new ArrayList<>(gpuCount);
    for (int i = 0; i < gpuCount; i++) {
      devices.add(describeGpu(i, driver));
    }
    return new EngineInfo(
        engine.getEngineName(),
        engine.getVersion(),
        flavour,
        libraryPath,
        cudaRuntimeVersion(),
        driver == null ? null : driver.version(),
        gpuCount,
        devices);
  }

  /**
   * One line, e.g. {@code engine: PyTorch 2.7.1 flavour=cu128 cuda=12.8 driver=12.8 gpus=2 [gpu0
   * NVIDIA H100 80GB HBM3 (sm_90, 79.6 GiB), gpu1 ...] libtorch=/opt/libtorch/lib}; a CPU flavour
   * has no {@code cuda=} and {@code driver=}, and no GPU has no list.
   */
  public String line() {
    StringBuilder line = new StringBuilder("engine: ").append(engine).append(' ').append(version);
    line.append(" flavour=").append(flavour);
    if (isCuda(flavour)) {
      line.append(" cuda=").append(orNone(cudaVersion));
      line.append(" driver=").append(orNone(driverCudaVersion));
    }
    line.append(" gpus=").append(gpuCount);
    if (!devices.isEmpty()) {
      line.append(" [").append(String.join(", ", devices)).append(']');
    }
    line.append(" libtorch=").append(orNone(libraryPath));
    return line.toString();
  }

  /**
   * The flavour: {@code PYTORCH_FLAVOR} when set (DJL goes by it too: it decides which libraries
   * DJL loads), else the flavour in the name of DJL's cache directory, else "cuda" or "cpu" by
   * whether the libtorch directory has the CUDA library.
   */
  static String flavour(String declared, String libraryPath, boolean hasCudaLibrary) {
    if (declared != null && !declared.isBlank()) {
      return declared.strip();
    }
    if (libraryPath != null) {
      Path name = Path.of(libraryPath).getFileName();
      Matcher matcher = DJL_CACHE_DIR.matcher(name == null ? "" : name.toString());
      if (matcher.matches()) {
        return matcher.group(1);
      }
    }
    return hasCudaLibrary ? "cuda" : "cpu";
  }

  /** E.g. "gpu0 NVIDIA H100 80GB HBM3 (sm_90, 79.6 GiB)"; the name and memory when known. */
  static String describeGpu(int index, String name, String computeCapability, long totalBytes) {
    StringBuilder description = new StringBuilder("gpu").append(index);
    if (name != null && !name.isBlank()) {
      description.append(' ').append(name.strip());
    }
    List<String> details = new ArrayList<>(2);
    if (computeCapability != null) {
      details.add("sm_" + computeCapability);
    }
    if (totalBytes > 0) {
      details.add(String.format(Locale.ROOT, "%.1f GiB", totalBytes / (double) (1L << 30)));
    }
    if (!details.isEmpty()) {
      description.append(" (").append(String.join(", ", details)).append(')');
    }
    return description.toString();
  }

  /** A CUDA version number as the CUDA APIs report it (12080) as text ("12.8"). */
  static String cudaVersionText(int version) {
    return (version / 1000) + "." + (version % 1000) / 10;
  }

  static boolean isCuda(String flavour) {
    return flavour != null && flavour.startsWith("cu");
  }

  private static String orNone(String value) {
    return value == null ? "none" : value;
  }

  private static String loadedLibraryPath() {
    try {
      return LibUtils.getLibtorchPath();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String cudaRuntimeVersion() {
    try {
      return cudaVersionText(CudaUtils.getCudaVersion());
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * The name and memory from the driver (no CUDA context needed), else DJL's compute capability.
   */
  private static String describeGpu(int index, CudaDriver driver) {
    if (driver != null) {
      String described = driver.describe(index);
      if (described != null) {
        return described;
      }
    }
    try {
      return describeGpu(index, null, CudaUtils.getComputeCapability(index), 0);
    } catch (RuntimeException | LinkageError e) {
      return describeGpu(index, null, null, 0);
    }
  }

  /**
   * The few CUDA driver API calls that describe a device without creating a context on it. Untested
   * here (no GPU on the machines that run the tests): every failure falls back to less detail.
   */
  private static final class CudaDriver {

    private static final int COMPUTE_CAPABILITY_MAJOR = 75;
    private static final int COMPUTE_CAPABILITY_MINOR = 76;

    private final Api api;

    private CudaDriver(Api api) {
      this.api = api;
    }

    /** The driver library (libcuda.so.1, which the NVIDIA container toolkit mounts), or null. */
    static CudaDriver load() {
      for (String name : List.of("libcuda.so.1", "cuda")) {
        try {
          Api api = Native.load(name, Api.class);
          return new CudaDriver(api);
        } catch (RuntimeException | LinkageError e) {
          // try the next name; no driver means no GPU details, not a failure
        }
      }
      return null;
    }

    String version() {
      try {
        int[] version = new int[1];
        return api.cuDriverGetVersion(version) == 0 ? cudaVersionText(version[0]) : null;
      } catch (RuntimeException | LinkageError e) {
        return null;
      }
    }

    String describe(int index) {
      try {
        int[] device = new int[1];
        if (api.cuInit(0) != 0 || api.cuDeviceGet(device, index) != 0) {
          return null;
        }
        byte[] name = new byte[256];
        String deviceName = null;
        if (api.cuDeviceGetName(name, name.length - 1, device[0]) == 0) {
          int end = 0;
          while (end < name.length && name[end] != 0) {
            end++;
          }
          deviceName = new String(name, 0, end, StandardCharsets.UTF_8);
        }
        int[] major = new int[1];
        int[] minor = new int[1];
        String capability =
            api.cuDeviceGetAttribute(major, COMPUTE_CAPABILITY_MAJOR, device[0]) == 0
                    && api.cuDeviceGetAttribute(minor, COMPUTE_CAPABILITY_MINOR, device[0]) == 0
                ? major[0] + "" + minor[0]
                : null;
        long[] bytes = new long[1];
        long total = api.cuDeviceTotalMem_v2(bytes, device[0]) == 0 ? bytes[0] : 0;
        return describeGpu(index, deviceName, capability, total);
      } catch (RuntimeException | LinkageError e) {
        return null;
      }
    }

    /** CUDA driver API (cuda.h); CUdevice is an int, size_t a 64-bit long on x86_64 Linux. */
    interface Api extends Library {
      int cuInit(int flags);

      int cuDriverGetVersion(int[] version);

      int cuDeviceGet(int[] device, int ordinal);

      int cuDeviceGetName(byte[] name, int length, int device);

      int cuDeviceGetAttribute(int[] value, int attribute, int device);

      int cuDeviceTotalMem_v2(long[] bytes, int device);
    }
  }
}
