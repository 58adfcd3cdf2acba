package io.xmcgan.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and writes XmcganExperiment manifests in YAML or JSON. Reading is strict: every unknown
 * field is reported with its full path and the known fields, so a typo never silently falls back to
 * a default.
 */
public final class ExperimentManifests {

  private ExperimentManifests() {}

  /** Reads a manifest file (YAML or JSON); problems name the file. */
  public static ExperimentManifest read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read experiment manifest " + file, e);
    }
    return read(text, file.toString());
  }

  /** Reads a manifest from YAML or JSON text. */
  public static ExperimentManifest read(String text) {
    return read(text, null);
  }

  /**
   * Reads a manifest from YAML or JSON text.
   *
   * @param source where the text came from, for messages; may be null
   * @throws InvalidExperimentException listing every unknown field, or the first wrongly typed one
   */
  public static ExperimentManifest read(String text, String source) {
    JsonNode root = parseSingleDocument(text, source);
    UnknownFieldCollector unknown = new UnknownFieldCollector();
    ExperimentManifest manifest;
    try {
      manifest =
          ExperimentJson.yaml()
              .readerFor(ExperimentManifest.class)
              .withHandler(unknown)
              .readValue(root);
    } catch (MismatchedInputException e) {
      List<Violation> violations = new ArrayList<>(unknown.violations);
      violations.add(typeViolation(e));
      throw new InvalidExperimentException(source, violations);
    } catch (IOException e) {
      throw new InvalidExperimentException(
          source, List.of(Violation.error("(document)", e.getMessage())));
    }
    List<Violation> violations = new ArrayList<>(unknown.violations);
    if (manifest.spec() != null) {
      violations.addAll(KubernetesTypeFields.unknownFields(manifest.spec(), "spec"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidExperimentException(source, violations);
    }
    return manifest;
  }

  /** Reads a bare spec (the {@code spec} object of a manifest) from YAML or JSON text. */
  public static ExperimentSpec readSpec(String text) {
    JsonNode node = parseSingleDocument(text, null);
    String wrapped = toJsonText(Map.of("apiVersion", ExperimentManifest.API_VERSION, "spec", node));
    return read(wrapped).spec();
  }

  public static String toYaml(ExperimentManifest manifest) {
    return write(ExperimentJson.yaml(), manifest);
  }

  public static String toJson(ExperimentManifest manifest) {
    return write(ExperimentJson.json(), manifest);
  }

  public static String specToYaml(ExperimentSpec spec) {
    return write(ExperimentJson.yaml(), spec);
  }

  public static String specToJson(ExperimentSpec spec) {
    return write(ExperimentJson.json(), spec);
  }

  private static String toJsonText(Object value) {
    return write(ExperimentJson.json(), value);
  }

  private static String write(com.fasterxml.jackson.databind.ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  private static JsonNode parseSingleDocument(String text, String source) {
    List<JsonNode> documents;
    try (MappingIterator<JsonNode> iterator =
        ExperimentJson.yaml().readerFor(JsonNode.class).readValues(text)) {
      documents = iterator.readAll();
    } catch (IOException e) {
      String message =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      String where =
          e instanceof JsonProcessingException j && j.getLocation() != null
              ? "line " + j.getLocation().getLineNr()
              : "(document)";
      throw new InvalidExperimentException(
          source, List.of(Violation.error(where, "not valid YAML or JSON: " + message)));
    }
    documents.removeIf(node -> node == null || node.isMissingNode() || node.isNull());
    if (documents.size() != 1 || !documents.get(0).isObject()) {
      throw new InvalidExperimentException(
          source,
          List.of(
              Violation.error(
                  "(document)",
                  "expected exactly one YAML or JSON object (an XmcganExperiment)",
                  documents.size() == 1
                      ? documents.get(0).getNodeType()
                      : documents.size() + " documents")));
    }
    return documents.get(0);
  }

  private static Violation typeViolation(MismatchedInputException e) {
    String path = FieldPaths.of(e.getPath());
    Class<?> target = e.getTargetType();
    if (target != null && target.isEnum()) {
      String values =
          Arrays.stream(target.getEnumConstants())
              .map(Object::toString)
              .collect(Collectors.joining(", "));
      Object got = e instanceof InvalidFormatException f ? f.getValue() : null;
      return Violation.error(path, "must be one of " + values, got);
    }
    Object got = e instanceof InvalidFormatException f ? "\"" + f.getValue() + "\"" : null;
    String expected = "expected " + FieldPaths.describeType(target);
    return got == null
        ? Violation.error(path, expected + ", got a value of another type")
        : Violation.error(path, expected, got);
  }

  /** Records each unknown property with its full path instead of failing on the first. */
  private static final class UnknownFieldCollector extends DeserializationProblemHandler {
    private final List<Violation> violations = new ArrayList<>();

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      JsonStreamContext context = p.getParsingContext();
      if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
        context = context.getParent();
      }
      Collection<Object> known = deserializer.getKnownPropertyNames();
      violations.add(
          Violation.error(
              FieldPaths.of(context),
              "unknown field; known fields: "
                  + known.stream()
                      .map(String::valueOf)
                      .sorted()
                      .collect(Collectors.joining(", "))));
      p.skipChildren();
      return true;
    }
  }
}
