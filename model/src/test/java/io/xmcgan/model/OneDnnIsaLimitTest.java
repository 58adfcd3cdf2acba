package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limit each entry point sets, seen from a fresh process as oneDNN sees it. */
class OneDnnIsaLimitTest {

  @Test
  void aProcessStartedWithoutTheVariableGetsTheExactKernels() throws Exception {
    assertThat(probe(Map.of())).isEqualTo("SSE41");
  }

  @Test
  void aValueTheUserSetIsKeptInEitherSpelling() throws Exception {
    assertThat(probe(Map.of("ONEDNN_MAX_CPU_ISA", "ALL"))).isEqualTo("ALL");
    assertThat(probe(Map.of("DNNL_MAX_CPU_ISA", "AVX2"))).isEqualTo("null");
  }

  /** Runs {@link Probe} in a new JVM with the given variables and returns what it printed. */
  private static String probe(Map<String, String> variables)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Probe.class.getName());
    builder.environment().remove("ONEDNN_MAX_CPU_ISA");
    builder.environment().remove("DNNL_MAX_CPU_ISA");
    builder.environment().putAll(variables);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    return output.strip();
  }

  /** Applies the limit, then prints ONEDNN_MAX_CPU_ISA as the C library reports it. */
  public static final class Probe {
    public static void main(String[] args) {
      OneDnnIsaLimit.apply();
      System.out.println(CLibrary.INSTANCE.getenv("ONEDNN_MAX_CPU_ISA"));
    }
  }

  private interface CLibrary extends Library {
    CLibrary INSTANCE = Native.load("c", CLibrary.class);

    String getenv(String name);
  }
}
