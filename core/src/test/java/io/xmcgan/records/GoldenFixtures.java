package io.xmcgan.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Loads the fixtures written by tools/records/make_golden.py from the test classpath. */
final class GoldenFixtures {

  private GoldenFixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = GoldenFixtures.class.getResourceAsStream("/records/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing test resource records/" + name + "; run tools/records/make_golden.py");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    try {
      return new ObjectMapper().readTree(bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The examples a fixture's JSON describes, built from the JSON values alone. */
  static List<Example> expectedExamples(String jsonName) {
    List<Example> examples = new ArrayList<>();
    for (JsonNode node : json(jsonName).get("examples")) {
      Example.Builder builder = Example.builder();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        builder.put(field.getKey(), feature(field.getValue()));
      }
      examples.add(builder.build());
    }
    return examples;
  }

  private static Feature feature(JsonNode node) {
    if (node.has("bytes_list")) {
      List<byte[]> values = new ArrayList<>();
      node.get("bytes_list").forEach(v -> values.add(Base64.getDecoder().decode(v.asText())));
      return new Feature.BytesList(values);
    }
    if (node.has("float_list")) {
      JsonNode list = node.get("float_list");
      float[] values = new float[list.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) list.get(i).doubleValue();
      }
      return new Feature.FloatList(values);
    }
    JsonNode list = node.get("int64_list");
    long[] values = new long[list.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = list.get(i).longValue();
    }
    return new Feature.Int64List(values);
  }
}
