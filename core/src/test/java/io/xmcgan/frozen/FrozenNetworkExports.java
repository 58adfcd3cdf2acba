package io.xmcgan.frozen;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The frozen networks that .ci/run exports with random weights before the Maven build
 * (tools/frozen-networks/, Debian's python3-torch and python3-torchvision), with the outputs Python
 * computed on fixed images. Tests that use them are skipped, saying how to make them, when they are
 * absent (a build without the export step).
 *
 * <p>Looked up in {@code $XMCGAN_FROZEN_NETWORKS}, else {@code target/frozen-networks/} of the
 * repository root.
 */
public final class FrozenNetworkExports {

  public static final String ENV = "XMCGAN_FROZEN_NETWORKS";

  private FrozenNetworkExports() {}

  /** The export's directory ({@code resnet50} or {@code inception}); skips the test if missing. */
  public static Path require(String name, String file) {
    Path dir = root().resolve(name);
    boolean present = Files.isRegularFile(dir.resolve(file)) && Files.isRegularFile(expected(dir));
    assumeTrue(
        present,
        () ->
            "skipped: no exported "
                + name
                + " at "
                + dir
                + "; .ci/run makes it with /usr/bin/python3 tools/frozen-networks/export_"
                + (name.equals("resnet50") ? "resnet50" : "fid_inception")
                + ".py "
                + dir
                + " --random-weights (needs python3-torch and python3-torchvision), or set "
                + ENV);
    return dir;
  }

  public static JsonNode fixture(Path dir) throws IOException {
    return new ObjectMapper().readTree(expected(dir).toFile());
  }

  public static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  public static long[] shape(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }

  /** The largest absolute difference. */
  public static double maxDifference(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new AssertionError(actual.length + " values, expected " + expected.length);
    }
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    return worst;
  }

  private static Path expected(Path dir) {
    return dir.resolve("expected.json");
  }

  private static Path root() {
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    // Surefire runs in the module's directory; the exports live under the repository root.
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.isRegularFile(here.resolve("mvnw")) ? here : here.getParent();
    return root.resolve("target").resolve("frozen-networks");
  }
}
