package io.xmcgan.experiment.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values as the API server hands them to CEL: by the schema's type, so a {@code number} field
 * written as {@code 1} is the double 1.0 and an {@code integer} field an int.
 */
final class CelValues {

  private CelValues() {}

  static Object of(JsonNode node, JsonNode schema) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    String type = schema == null ? "" : schema.path("type").asText("");
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields()
          .forEachRemaining(
              field -> {
                JsonNode child =
                    schema == null
                        ? null
                        : schema.path("properties").has(field.getKey())
                            ? schema.path("properties").get(field.getKey())
                            : schema.get("additionalProperties");
                map.put(field.getKey(), of(field.getValue(), child));
              });
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(of(item, schema == null ? null : schema.get("items"))));
      return list;
    }
    if (node.isNumber()) {
      if (type.equals("integer")) {
        return node.longValue();
      }
      return type.equals("number") || !node.isIntegralNumber()
          ? (Object) node.doubleValue()
          : (Object) node.longValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.asText();
  }
}
