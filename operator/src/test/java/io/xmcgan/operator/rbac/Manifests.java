package io.xmcgan.operator.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The objects of the YAML files under manifests/, as written (no kustomize needed). */
final class Manifests {

  static final Path ROOT = Path.of("../manifests");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Manifests() {}

  /** Every object of every YAML file below {@code dir}, kustomization files aside. */
  static List<JsonNode> objects(Path dir) {
    List<JsonNode> objects = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file :
          files
              .filter(p -> p.toString().endsWith(".yaml"))
              .filter(p -> !p.endsWith("kustomization.yaml"))
              .sorted()
              .toList()) {
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
          while (docs.hasNext()) {
            JsonNode doc = docs.next();
            if (doc != null && doc.has("kind")) {
              objects.add(doc);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return objects;
  }

  /** The objects of {@code kind} named {@code name}. */
  static List<JsonNode> named(List<JsonNode> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .toList();
  }

  /** The permissions a Role's or ClusterRole's rules grant, one per group, resource and verb. */
  static Set<Permission> granted(JsonNode role) {
    Set<Permission> granted = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            granted.add(new Permission(group.asText(), resource.asText(), verb.asText()));
          }
        }
      }
      if (rule.has("resourceNames") || rule.has("nonResourceURLs")) {
        throw new AssertionError("rules with resourceNames or nonResourceURLs are not compared");
      }
    }
    return granted;
  }

  static Optional<String> namespace(JsonNode object) {
    return Optional.ofNullable(object.path("metadata").path("namespace").textValue());
  }
}
