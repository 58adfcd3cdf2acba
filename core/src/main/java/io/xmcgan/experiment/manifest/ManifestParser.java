package io.xmcgan.experiment.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.xmcgan.experiment.validation.Violation;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns a manifest's bytes into one JSON tree as kubectl does before sending it to the API server:
 * strict UTF-8; JSON when the text starts with '{' (strict JSON: no trailing commas, no duplicate
 * keys); otherwise YAML 1.1 with its plain-scalar types (so {@code yes} is true and {@code "1000"}
 * a string), anchors, aliases and merge keys resolved, and empty documents (a trailing {@code ---})
 * ignored. Every problem names its line and column.
 */
public final class ManifestParser {

  /**
   * Values that aliases may expand to in one manifest. A real manifest repeats a few blocks; an
   * alias bomb (nested aliases doubling at each level) reaches millions and stops here.
   */
  static final int MAX_ALIAS_VALUES = 10_000;

  /** Aliases of maps and lists in one manifest (SnakeYAML's own check, before expansion). */
  static final int MAX_COLLECTION_ALIASES = 100;

  private static final Map<String, Boolean> YAML_BOOLEANS =
      Map.of("yes", true, "no", false, "true", true, "false", false, "on", true, "off", false);

  private ManifestParser() {}

  /** A problem at a place in the text; {@code line} and {@code column} count from 1. */
  static final class ParseException extends RuntimeException {
    final int line;
    final int column;

    ParseException(int line, int column, String message) {
      super(message);
      this.line = line;
      this.column = column;
    }

    Violation violation() {
      return Violation.error(
          line < 1 ? "(document)" : "line " + line + ", column " + column, getMessage());
    }
  }

  /** Decodes strict UTF-8, naming the line, column and bytes of the first invalid sequence. */
  static String decode(byte[] bytes) {
    if (bytes.length >= 2
        && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
            || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
      throw new ParseException(
          1, 1, "not UTF-8: the file starts with a UTF-16 byte order mark; save it as UTF-8");
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw invalidUtf8(bytes, in.position(), result.length());
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static ParseException invalidUtf8(byte[] bytes, int offset, int length) {
    int lineStart = 0;
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column =
        new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8).length() + 1;
    StringBuilder hex = new StringBuilder();
    for (int i = offset; i < Math.min(bytes.length, offset + length); i++) {
      hex.append(hex.isEmpty() ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
    }
    return new ParseException(
        line,
        column,
        "not valid UTF-8: byte "
            + hex
            + " does not form a UTF-8 character (the file looks like Latin-1 or Windows-1252);"
            + " save it as UTF-8");
  }

  /** Whether kubectl would read this text as JSON: its first non-blank character is '{'. */
  static boolean isJson(String text) {
    return text.stripLeading().startsWith("{");
  }

  /**
   * Parses the one object of a manifest.
   *
   * @throws ParseException for text that is not valid JSON or YAML, or not exactly one object
   */
  public static ObjectNode parse(String text) {
    JsonNode root = isJson(text) ? parseJson(text) : parseYaml(text);
    if (!root.isObject()) {
      throw new ParseException(
          0,
          0,
          "expected one "
              + (isJson(text) ? "JSON" : "YAML")
              + " object (an XmcganExperiment), got "
              + describe(root));
    }
    return (ObjectNode) root;
  }

  private static String describe(JsonNode node) {
    if (node.isMissingNode()) {
      return "an empty document";
    }
    return node.isArray() ? "a list" : "a single value " + Violation.show(node);
  }

  private static JsonNode parseJson(String text) {
    try {
      return ExperimentJson.json()
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      throw new ParseException(
          location == null ? 0 : location.getLineNr(),
          location == null ? 0 : location.getColumnNr(),
          "not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static JsonNode parseYaml(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setAllowRecursiveKeys(false);
    List<Node> documents = new ArrayList<>();
    try {
      for (Node document : new Yaml(options).composeAll(new StringReader(text))) {
        if (!(document instanceof ScalarNode scalar
            && scalar.getTag().equals(Tag.NULL)
            && scalar.getValue().isEmpty())) {
          documents.add(document);
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem =
          (e.getContext() == null ? "" : e.getContext() + ": ")
              + (e.getProblem() == null ? "" : e.getProblem());
      throw new ParseException(
          mark == null ? 0 : mark.getLine() + 1,
          mark == null ? 0 : mark.getColumn() + 1,
          "not valid YAML: " + problem);
    } catch (YAMLException e) {
      throw new ParseException(0, 0, "not valid YAML: " + e.getMessage());
    }
    if (documents.isEmpty()) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    if (documents.size() > 1) {
      Mark second = documents.get(1).getStartMark();
      throw new ParseException(
          second.getLine() + 1,
          second.getColumn() + 1,
          "expected one YAML object (an XmcganExperiment), got "
              + documents.size()
              + " documents: give each experiment its own file");
    }
    return new Converter().convert(documents.get(0), false);
  }

  /** YAML nodes to JSON values, expanding aliases within {@link #MAX_ALIAS_VALUES}. */
  private static final class Converter {
    private final IdentityHashMap<Node, Boolean> converted = new IdentityHashMap<>();
    private final IdentityHashMap<Node, Boolean> inProgress = new IdentityHashMap<>();
    private int aliasValues;

    JsonNode convert(Node node, boolean insideAlias) {
      boolean alias = insideAlias || converted.containsKey(node);
      if (alias && ++aliasValues > MAX_ALIAS_VALUES) {
        // No line: the composer replaced each alias by its anchor's node, which has the anchor's.
        throw new ParseException(
            0,
            0,
            "not valid YAML: aliases expand to more than "
                + MAX_ALIAS_VALUES
                + " values (an alias bomb?)");
      }
      if (inProgress.put(node, true) != null) {
        throw at(node, "not valid YAML: an alias refers to a map or list that contains it");
      }
      try {
        JsonNode value;
        if (node instanceof ScalarNode scalar) {
          value = scalar(scalar);
        } else if (node instanceof SequenceNode sequence) {
          value = sequence(sequence, alias);
        } else if (node instanceof MappingNode mapping) {
          value = mapping(mapping, alias);
        } else {
          throw at(node, "not valid YAML: unsupported node " + node.getNodeId());
        }
        converted.put(node, true);
        return value;
      } finally {
        inProgress.remove(node);
      }
    }

    private JsonNode sequence(SequenceNode sequence, boolean alias) {
      var array = JsonNodeFactory.instance.arrayNode();
      for (Node item : sequence.getValue()) {
        array.add(convert(item, alias));
      }
      return array;
    }

    private JsonNode mapping(MappingNode mapping, boolean alias) {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      List<Node> merged = new ArrayList<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node key = tuple.getKeyNode();
        if (key.getTag().equals(Tag.MERGE)) {
          merged.add(tuple.getValueNode());
          continue;
        }
        if (!(key instanceof ScalarNode scalarKey)) {
          throw at(key, "not valid YAML: a map key must be a single value, not a map or list");
        }
        String name = scalarKey.getValue();
        if (object.has(name)) {
          throw at(key, "not valid YAML: duplicate key " + Violation.show(name));
        }
        object.set(name, convert(tuple.getValueNode(), alias));
      }
      // YAML merge keys: keys written in the map win, then earlier merged maps over later ones.
      for (Node source : merged) {
        List<Node> maps =
            source instanceof SequenceNode sequence ? sequence.getValue() : List.of(source);
        for (Node map : maps) {
          JsonNode value = convert(map, true);
          if (!value.isObject()) {
            throw at(map, "not valid YAML: a merge key (<<) must name a map or a list of maps");
          }
          value
              .properties()
              .forEach(
                  entry -> {
                    if (!object.has(entry.getKey())) {
                      object.set(entry.getKey(), entry.getValue());
                    }
                  });
        }
      }
      return object;
    }

    private JsonNode scalar(ScalarNode scalar) {
      String text = scalar.getValue();
      Tag tag = scalar.getTag();
      try {
        if (tag.equals(Tag.NULL)) {
          return NullNode.getInstance();
        } else if (tag.equals(Tag.BOOL)) {
          Boolean value = YAML_BOOLEANS.get(text.toLowerCase(Locale.ROOT));
          if (value == null) {
            throw at(scalar, "not valid YAML: " + Violation.show(text) + " is not a boolean");
          }
          return BooleanNode.valueOf(value);
        } else if (tag.equals(Tag.INT)) {
          return integer(yamlInteger(text));
        } else if (tag.equals(Tag.FLOAT)) {
          return JsonNodeFactory.instance.numberNode(yamlFloat(text));
        }
      } catch (NumberFormatException e) {
        throw at(scalar, "not valid YAML: " + Violation.show(text) + " is not a " + tag.getValue());
      }
      // Strings, and timestamps, which Kubernetes reads as the string written.
      return TextNode.valueOf(text);
    }

    private static ParseException at(Node node, String message) {
      Mark mark = node.getStartMark();
      return new ParseException(
          mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, message);
    }
  }

  private static JsonNode integer(BigInteger value) {
    if (value.bitLength() < Integer.SIZE) {
      return JsonNodeFactory.instance.numberNode(value.intValue());
    }
    if (value.bitLength() < Long.SIZE) {
      return JsonNodeFactory.instance.numberNode(value.longValue());
    }
    return JsonNodeFactory.instance.numberNode(value);
  }

  /** A YAML 1.1 integer: decimal, 0b binary, 0x hex, 0 octal or sexagesimal, '_' ignored. */
  static BigInteger yamlInteger(String text) {
    String digits = text.replace("_", "");
    boolean negative = digits.startsWith("-");
    if (negative || digits.startsWith("+")) {
      digits = digits.substring(1);
    }
    BigInteger value;
    if (digits.startsWith("0b")) {
      value = new BigInteger(digits.substring(2), 2);
    } else if (digits.startsWith("0x")) {
      value = new BigInteger(digits.substring(2), 16);
    } else if (digits.length() > 1 && digits.startsWith("0")) {
      value = new BigInteger(digits.substring(1), 8);
    } else if (digits.contains(":")) {
      value = BigInteger.ZERO;
      for (String part : digits.split(":")) {
        value = value.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
      }
    } else {
      value = new BigInteger(digits);
    }
    return negative ? value.negate() : value;
  }

  /** A YAML 1.1 float, including .inf, -.inf and .nan, '_' ignored. */
  static double yamlFloat(String text) {
    String digits = text.replace("_", "");
    String lower = digits.toLowerCase(Locale.ROOT);
    if (lower.equals(".nan")) {
      return Double.NaN;
    }
    if (lower.endsWith(".inf")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (digits.contains(":")) {
      boolean negative = digits.startsWith("-");
      double value = 0;
      for (String part : digits.replaceFirst("^[-+]", "").split(":")) {
        value = value * 60 + Double.parseDouble(part);
      }
      return negative ? -value : value;
    }
    return new BigDecimal(digits).doubleValue();
  }
}
