package io.xmcgan.operator.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** {@code kubectl kustomize}, the renderer {@code kubectl apply -k} uses, when it is installed. */
final class Kustomize {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Kustomize() {}

  /** Why kustomizations cannot be rendered here, or empty when kubectl can. */
  static Optional<String> unavailable() {
    try {
      Process p =
          new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0
          ? Optional.empty()
          : Optional.of("kubectl version --client failed");
    } catch (IOException e) {
      return Optional.of("no kubectl on PATH: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /** The objects {@code kubectl kustomize dir} renders. */
  static List<JsonNode> render(Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
    byte[] err;
    byte[] out;
    try (var stdout = p.getInputStream();
        var stderr = p.getErrorStream()) {
      out = stdout.readAllBytes();
      err = stderr.readAllBytes();
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(
          "kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
    }
    List<JsonNode> objects = new ArrayList<>();
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && doc.has("kind")) {
          objects.add(doc);
        }
      }
    }
    return objects;
  }

  /** Every container of a Deployment's, Job's or Pod's template (init containers too). */
  static Stream<JsonNode> containers(JsonNode object) {
    JsonNode pod =
        object.path("kind").asText().equals("Pod")
            ? object.path("spec")
            : object.path("spec").path("template").path("spec");
    return Stream.concat(stream(pod.path("initContainers")), stream(pod.path("containers")));
  }

  static Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }
}
