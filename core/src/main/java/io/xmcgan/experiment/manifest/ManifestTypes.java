package io.xmcgan.experiment.manifest;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.experiment.validation.Violation;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a manifest's JSON tree against the Java types it is read into, as the API server checks a
 * resource against the CRD's structural schema: every value of the wrong JSON type (a quoted number
 * is a string), every number out of its type's range, every Kubernetes quantity that does not parse
 * and every unknown field, all at once with their paths. Offending values are removed from the
 * tree, so that the rest can still be read and validated.
 */
final class ManifestTypes {

  private static final Pattern QUANTITY =
      Pattern.compile(ExperimentValidator.KUBERNETES_QUANTITY_PATTERN);
  private static final Pattern INTEGER_TEXT = Pattern.compile("^[-+]?[0-9]+$");
  private static final Pattern NUMBER_TEXT =
      Pattern.compile("^[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$");

  /**
   * @param tree the tree without the offending values
   * @param violations one per offending value or unknown field, in document order
   * @param removed the paths of the removed values
   */
  record Result(ObjectNode tree, List<Violation> violations, List<String> removed) {}

  private final ObjectMapper mapper = ExperimentJson.yaml();
  private final List<Violation> violations = new ArrayList<>();
  private final List<String> removed = new ArrayList<>();

  private ManifestTypes() {}

  static Result check(ObjectNode root, Class<?> type) {
    ManifestTypes types = new ManifestTypes();
    ObjectNode copy = root.deepCopy();
    types.object(copy, types.mapper.constructType(type), "");
    return new Result(copy, List.copyOf(types.violations), List.copyOf(types.removed));
  }

  /** The value to keep at {@code path}: the node itself, a normalised number, or null to remove. */
  private JsonNode value(JsonNode node, JavaType type, String path) {
    if (node.isNull()) {
      return node;
    }
    Class<?> raw = type.getRawClass();
    if (raw == Integer.class || raw == int.class) {
      return integer(node, path, BigInteger.valueOf(Integer.MIN_VALUE), Integer.MAX_VALUE);
    }
    if (raw == Long.class || raw == long.class) {
      return integer(node, path, BigInteger.valueOf(Long.MIN_VALUE), Long.MAX_VALUE);
    }
    if (raw == Double.class || raw == double.class || raw == Float.class) {
      return number(node, path);
    }
    if (raw == Boolean.class || raw == boolean.class) {
      if (node.isBoolean()) {
        return node;
      }
      boolean text = node.isTextual() && node.asText().matches("true|false");
      return wrong(path, "must be true or false" + (text ? " (without quotes)" : ""), node);
    }
    if (raw == String.class) {
      return node.isTextual()
          ? node
          : wrong(path, "must be a string" + (node.isValueNode() ? " (quote it)" : ""), node);
    }
    if (raw.isEnum()) {
      return enumeration(node, raw, path);
    }
    if (raw == Quantity.class) {
      return quantity(node, path);
    }
    if (raw == IntOrString.class) {
      return node.isInt() || node.isTextual()
          ? node
          : wrong(path, "must be an integer or a string", node);
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      if (!node.isArray()) {
        return wrong(path, "must be a list", node);
      }
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        JsonNode kept = value(array.get(i), type.getContentType(), path + "[" + i + "]");
        array.set(i, kept == null ? JsonNodeFactory.instance.nullNode() : kept);
      }
      return array;
    }
    if (type.isMapLikeType()) {
      if (!node.isObject()) {
        return wrong(path, "must be a map", node);
      }
      ObjectNode map = (ObjectNode) node;
      for (String key : fieldNames(map)) {
        JsonNode kept = value(map.get(key), type.getContentType(), join(path, key));
        if (kept == null) {
          map.remove(key);
        } else {
          map.set(key, kept);
        }
      }
      return map;
    }
    if (raw == Object.class
        || JsonNode.class.isAssignableFrom(raw)
        || raw.isInterface()
        || Modifier.isAbstract(raw.getModifiers())) {
      return node;
    }
    if (!node.isObject()) {
      return wrong(path, "must be a map of fields", node);
    }
    object((ObjectNode) node, type, path);
    return node;
  }

  private void object(ObjectNode node, JavaType type, String path) {
    BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
    Map<String, JavaType> properties = new TreeMap<>();
    for (BeanPropertyDefinition property : bean.findProperties()) {
      if (property.couldDeserialize()) {
        properties.put(property.getName(), property.getPrimaryType());
      }
    }
    for (String name : fieldNames(node)) {
      String at = join(path, name);
      JavaType fieldType = properties.get(name);
      if (fieldType == null) {
        violations.add(
            Violation.error(
                at, "unknown field; known fields: " + String.join(", ", properties.keySet())));
        removed.add(at);
        node.remove(name);
        continue;
      }
      JsonNode kept = value(node.get(name), fieldType, at);
      if (kept == null) {
        node.remove(name);
      } else {
        node.set(name, kept);
      }
    }
  }

  private JsonNode integer(JsonNode node, String path, BigInteger min, long max) {
    BigInteger value = null;
    if (node.isIntegralNumber()) {
      value = node.bigIntegerValue();
    } else if (node.isFloatingPointNumber()
        && Double.isFinite(node.doubleValue())
        && node.doubleValue() == Math.rint(node.doubleValue())) {
      value = node.decimalValue().toBigInteger();
    }
    if (value == null) {
      boolean text = node.isTextual() && INTEGER_TEXT.matcher(node.asText()).matches();
      return wrong(path, "must be an integer" + (text ? " (without quotes)" : ""), node);
    }
    if (value.compareTo(min) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
      return wrong(path, "must be an integer from " + min + " to " + max, node);
    }
    return JsonNodeFactory.instance.numberNode(value.longValue());
  }

  private JsonNode number(JsonNode node, String path) {
    if (node.isNumber() && Double.isFinite(node.doubleValue())) {
      return node;
    }
    if (node.isNumber()) {
      return wrong(path, "must be a finite number", node);
    }
    boolean text = node.isTextual() && NUMBER_TEXT.matcher(node.asText()).matches();
    return wrong(path, "must be a number" + (text ? " (without quotes)" : ""), node);
  }

  private JsonNode enumeration(JsonNode node, Class<?> type, String path) {
    List<String> names =
        Arrays.stream(type.getEnumConstants())
            .map(constant -> mapper.convertValue(constant, String.class))
            .toList();
    if (node.isTextual() && names.contains(node.asText())) {
      return node;
    }
    return wrong(path, "must be one of " + String.join(", ", names), node);
  }

  private JsonNode quantity(JsonNode node, String path) {
    if (node.isNumber() && Double.isFinite(node.doubleValue())) {
      return node;
    }
    if (node.isTextual() && QUANTITY.matcher(node.asText()).matches()) {
      return node;
    }
    return wrong(
        path,
        "must be a Kubernetes quantity: a number with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei,"
            + " n, u, m, k, M, G, T, P or E (e.g. 4Gi, 500m, 2)",
        node);
  }

  private JsonNode wrong(String path, String message, JsonNode got) {
    violations.add(Violation.error(path, message, got));
    removed.add(path);
    return null;
  }

  private static List<String> fieldNames(ObjectNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Whether a violation at {@code path} may follow from removing {@code removedPaths}. */
  static boolean followsFromRemoval(String path, Collection<String> removedPaths) {
    return removedPaths.stream()
        .anyMatch(removed -> within(path, removed) || within(removed, path));
  }

  private static boolean within(String path, String ancestor) {
    return path.equals(ancestor)
        || path.startsWith(ancestor + ".")
        || path.startsWith(ancestor + "[");
  }
}
