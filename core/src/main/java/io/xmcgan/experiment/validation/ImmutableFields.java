package io.xmcgan.experiment.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.xmcgan.experiment.manifest.ExperimentJson;
import io.xmcgan.experiment.spec.ExperimentSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The spec fields that cannot change while an experiment trains: the model and the dataset (a
 * checkpoint only fits the network and data it was trained with) and where storage lives (the
 * checkpoints are there). Changing restartNonce allows them to change, starting over.
 */
public final class ImmutableFields {

  /** Paths (under spec) whose subtrees are immutable while training. */
  public static final List<String> PATHS =
      List.of(
          "spec.dataset",
          "spec.model",
          "spec.storage.uri",
          "spec.storage.endpoint",
          "spec.storage.bucket",
          "spec.storage.prefix");

  private ImmutableFields() {}

  /**
   * The immutable leaf fields that differ between two specs, as full paths such as {@code
   * spec.model.gfDim}, sorted. Fields are compared as written: setting a field to its default value
   * counts as a change.
   */
  public static List<String> changed(ExperimentSpec before, ExperimentSpec after) {
    JsonNode old = ExperimentJson.json().valueToTree(before);
    JsonNode now = ExperimentJson.json().valueToTree(after);
    TreeSet<String> changes = new TreeSet<>();
    for (String path : PATHS) {
      diff(at(old, path), at(now, path), path, changes);
    }
    return new ArrayList<>(changes);
  }

  /** Whether a change to the field at this path is refused while training. */
  public static boolean isImmutable(String path) {
    return PATHS.stream()
        .anyMatch(p -> path.equals(p) || path.startsWith(p + ".") || path.startsWith(p + "["));
  }

  private static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String part : path.substring("spec.".length()).split("\\.")) {
      node = node == null ? MissingNode.getInstance() : node.path(part);
    }
    return node;
  }

  private static void diff(JsonNode a, JsonNode b, String path, TreeSet<String> out) {
    if (a.isObject() && b.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        diff(a.path(name), b.path(name), path + "." + name, out);
      }
    } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
      Iterator<JsonNode> left = a.elements();
      Iterator<JsonNode> right = b.elements();
      for (int i = 0; left.hasNext(); i++) {
        diff(left.next(), right.next(), path + "[" + i + "]", out);
      }
    } else if (!Objects.equals(normalise(a), normalise(b))) {
      out.add(path);
    }
  }

  /** Missing and null are the same absent value; numbers compare by value (8 equals 8.0). */
  private static Object normalise(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return node.decimalValue().stripTrailingZeros();
    }
    return node;
  }
}
