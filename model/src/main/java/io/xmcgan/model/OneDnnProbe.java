package io.xmcgan.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The child process that tries oneDNN's wide convolution kernels for {@link OneDnnIsaLimit}: {@code
 * main} runs {@link ConvolutionSelfCheck#verifyWideKernels} and writes its verdict to the file
 * named by its argument; {@link ChildProcess} starts it with the parent's java, class path and
 * engine settings, {@code ONEDNN_MAX_CPU_ISA=ALL}, and oneDNN's list of the kernels it creates.
 */
public final class OneDnnProbe {

  /** First line of the verdict file when every check passed. */
  static final String EXACT = "exact";

  /** First line of the verdict file when a check failed; the check's message follows. */
  static final String WRONG = "wrong";

  private static final int KEPT_LINES = 12;

  private OneDnnProbe() {}

  /**
   * Runs the wide-kernel check in this process (started with {@code ONEDNN_MAX_CPU_ISA=ALL}) and
   * writes the verdict to {@code args[0]}. Exits 0 with a verdict either way; anything else is a
   * failed probe.
   */
  public static void main(String[] args) throws IOException {
    String verdict;
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      ConvolutionSelfCheck.verifyWideKernels(manager);
      verdict = EXACT;
    } catch (IllegalStateException e) {
      verdict = WRONG + "\n" + e.getMessage();
    }
    Files.writeString(Path.of(args[0]), verdict, StandardCharsets.UTF_8);
    System.exit(0);
  }

  /** Starts {@link OneDnnProbe#main} in a new JVM and reads its verdict. */
  static final class ChildProcess implements OneDnnIsaLimit.Probe {

    /** Generous: starting a JVM and libtorch on a busy machine takes seconds, the check ~10 s. */
    static final long TIMEOUT_SECONDS = 180;

    private static final List<String> PROPERTY_PREFIXES =
        List.of("ai.djl.", "DJL_", "PYTORCH_", "ENGINE_", "jna.", "java.io.tmpdir");

    private final long timeoutSeconds;
    private final String mainClass;

    ChildProcess() {
      this(TIMEOUT_SECONDS, OneDnnProbe.class.getName());
    }

    /** For tests: another main class (one that crashes, hangs or lies) or a shorter timeout. */
    ChildProcess(long timeoutSeconds, String mainClass) {
      this.timeoutSeconds = timeoutSeconds;
      this.mainClass = mainClass;
    }

    @Override
    public OneDnnIsaLimit.ProbeResult run() {
      Path verdictFile = null;
      Process process = null;
      try {
        verdictFile = Files.createTempFile("xmcgan-onednn-probe", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command(verdictFile));
        builder.environment().remove(OneDnnIsaLimit.LEGACY_VARIABLE);
        builder.environment().put(OneDnnIsaLimit.VARIABLE, OneDnnIsaLimit.WIDE_ISA);
        // One line per primitive created (not executed): which kernels the check ran.
        builder.environment().put("ONEDNN_VERBOSE", "profile_create");
        builder.environment().put("TORCH_CPP_LOG_LEVEL", "ERROR");
        builder.redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        process = builder.start();
        Output output = new Output();
        Process started = process;
        Thread reader = new Thread(() -> output.drain(started), "xmcgan-onednn-probe-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return OneDnnIsaLimit.ProbeResult.failed(
              "the check did not finish within " + timeoutSeconds + " s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        String verdict = Files.readString(verdictFile, StandardCharsets.UTF_8);
        int exit = process.exitValue();
        if (exit != 0 || verdict.isEmpty()) {
          return OneDnnIsaLimit.ProbeResult.failed(
              "the check exited with code " + exit + output.lastLines());
        }
        String kernels = output.kernels();
        if (verdict.equals(EXACT)) {
          return OneDnnIsaLimit.ProbeResult.exact(kernels);
        }
        if (verdict.startsWith(WRONG + "\n")) {
          return OneDnnIsaLimit.ProbeResult.wrong(
              verdict.substring(WRONG.length() + 1).strip(), kernels);
        }
        return OneDnnIsaLimit.ProbeResult.failed("the check wrote no verdict");
      } catch (IOException | RuntimeException e) {
        return OneDnnIsaLimit.ProbeResult.failed("the check could not run: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return OneDnnIsaLimit.ProbeResult.failed("interrupted");
      } finally {
        if (process != null && process.isAlive()) {
          process.destroyForcibly();
        }
        if (verdictFile != null) {
          try {
            Files.deleteIfExists(verdictFile);
          } catch (IOException ignored) {
            // a leftover temporary file
          }
        }
      }
    }

    private List<String> command(Path verdictFile) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx512m");
      command.add("-XX:+UseSerialGC");
      command.add("-XX:TieredStopAtLevel=1");
      for (String name : System.getProperties().stringPropertyNames()) {
        if (PROPERTY_PREFIXES.stream().anyMatch(name::startsWith)) {
          command.add("-D" + name + "=" + System.getProperty(name));
        }
      }
      command.add("-cp");
      command.add(classPath());
      command.add(mainClass);
      command.add(verdictFile.toString());
      return command;
    }

    /**
     * This process's class path: {@code java.class.path} (a {@code -jar} launch: the jar, whose
     * manifest names the rest), plus the URLs of class loaders between this class and the
     * application loader (e.g. Maven's exec:java, which runs the benchmarks).
     */
    static String classPath() {
      Set<String> entries = new LinkedHashSet<>();
      ClassLoader application = ClassLoader.getSystemClassLoader();
      for (ClassLoader loader = OneDnnProbe.class.getClassLoader();
          loader != null && loader != application;
          loader = loader.getParent()) {
        if (loader instanceof URLClassLoader urls) {
          for (URL url : urls.getURLs()) {
            try {
              if ("file".equals(url.getProtocol())) {
                entries.add(Path.of(url.toURI()).toString());
              }
            } catch (URISyntaxException | IllegalArgumentException e) {
              // not a local path: the child cannot use it either
            }
          }
        }
      }
      for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          entries.add(entry);
        }
      }
      return String.join(File.pathSeparator, entries);
    }
  }

  /** The child's output: the kernel names oneDNN reports, and the last lines for an error. */
  private static final class Output {
    private final Set<String> kernels = new LinkedHashSet<>();
    private final Deque<String> last = new ArrayDeque<>();

    void drain(Process process) {
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          String kernel = kernel(line);
          synchronized (this) {
            if (kernel != null) {
              kernels.add(kernel);
            } else if (!line.startsWith("onednn_verbose")) {
              last.addLast(line);
              if (last.size() > KEPT_LINES) {
                last.removeFirst();
              }
            }
          }
        }
      } catch (IOException e) {
        // the process ended; what was read is what there is
      }
    }

    synchronized String kernels() {
      return String.join(",", kernels);
    }

    synchronized String lastLines() {
      return last.isEmpty() ? "" : "; its last output: " + String.join(" | ", last);
    }
  }

  /**
   * The implementation name in a oneDNN verbose line about a convolution, e.g. {@code
   * onednn_verbose,v1,primitive,create:cache_miss,cpu,convolution,jit:avx512_core,...} gives {@code
   * jit:avx512_core}; null for other lines.
   */
  static String kernel(String line) {
    if (!line.startsWith("onednn_verbose")) {
      return null;
    }
    String[] fields = line.split(",");
    for (int i = 0; i + 1 < fields.length; i++) {
      if (fields[i].equals("convolution")) {
        return fields[i + 1];
      }
    }
    return null;
  }
}
