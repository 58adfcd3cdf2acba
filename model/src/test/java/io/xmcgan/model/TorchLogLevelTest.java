package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** libtorch's warnings, as a fresh process prints them on stderr. */
class TorchLogLevelTest {

  @Test
  void libtorchsDeprecationWarningStaysOutOfTheTerminal() throws Exception {
    String err = run(Map.of());
    assertThat(err).doesNotContain("AutoNonVariableTypeMode").contains("done");
  }

  @Test
  void aLevelTheUserSetWins() throws Exception {
    assertThat(run(Map.of("TORCH_CPP_LOG_LEVEL", "WARNING")))
        .contains("AutoNonVariableTypeMode is deprecated");
  }

  /** Runs {@link Warns} in a new JVM and returns its stderr. */
  private static String run(Map<String, String> variables)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dai.djl.offline=true",
            "-cp",
            System.getProperty("java.class.path"),
            Warns.class.getName());
    Map<String, String> environment = new HashMap<>(variables);
    builder.environment().remove("TORCH_CPP_LOG_LEVEL");
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(err).isZero();
    return err;
  }

  /** Does what makes DJL's JNI warn (NDArray.set through a deprecated libtorch guard). */
  public static final class Warns {
    public static void main(String[] args) {
      TorchLogLevel.apply();
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray array = manager.zeros(new Shape(4));
        array.set(FloatBuffer.wrap(new float[] {1, 2, 3, 4}));
      }
      System.err.println("done");
    }
  }
}
