package io.xmcgan.experiment.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The API server's admission of an XmcganExperiment, emulated on the committed CRD: defaulting, the
 * structural schema (types, required fields, unknown fields as with kubectl's default strict field
 * validation, enums, bounds, patterns, lengths) and the {@code x-kubernetes-validations} rules,
 * evaluated with a real CEL engine ({@code self}, and {@code oldSelf} for transition rules on
 * updates), plus the checks the API server makes of every object's metadata (name, labels,
 * annotations).
 */
public final class Admission {

  /** The CRD users install. */
  public static final Path CRD = Path.of("..", "crds", "xmcganexperiments.xmcgan.io-v1.yml");

  private static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  private static final String QUALIFIED_NAME = "^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$";
  private static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

  /** A refusal: the field path (dotted, as the validator prints them) and why. */
  public record Problem(String path, String message) {
    @Override
    public String toString() {
      return path + ": " + message;
    }
  }

  /**
   * One rule of the CRD.
   *
   * @param schema the schema node the rule is declared on ({@code self})
   * @param path where that node is, e.g. {@code spec.dataset}
   * @param cardinality how many times the rule can run in one object (the product of the bounds of
   *     the lists and maps above it)
   */
  public record Rule(
      String path,
      JsonNode schema,
      JsonNode declaration,
      CelAbstractSyntaxTree ast,
      long cardinality) {
    public String expression() {
      return declaration.path("rule").asText();
    }
  }

  private final JsonNode root;
  private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private final Map<String, CelRuntime.Program> programs = new HashMap<>();
  private final List<Rule> rules = new ArrayList<>();

  /** Rules on the whole object read metadata.name, so they run only when the metadata is valid. */
  private boolean rootRules;

  private Admission(JsonNode openApiV3Schema) {
    this.root = openApiV3Schema;
    collectRules(root, "", 1);
  }

  /** The admission of the committed CRD's only version. */
  public static Admission ofCommittedCrd() {
    try {
      JsonNode crd = new YAMLMapper().readTree(Files.readString(CRD));
      return new Admission(crd.at("/spec/versions/0/schema/openAPIV3Schema"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The CEL compiler the rules are checked with: standard CEL, {@code self} and {@code oldSelf}.
   */
  static CelCompiler compiler() {
    return CelCompilerFactory.standardCelCompilerBuilder()
        .addVar("self", SimpleType.DYN)
        .addVar("oldSelf", SimpleType.DYN)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .build();
  }

  /** A schema written in YAML, for tests of the cost estimate. */
  static JsonNode yamlSchema(String yaml) {
    try {
      return new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One rule on a schema node, for tests of the cost estimate. */
  static Rule rule(JsonNode schema, String expression) {
    try {
      return new Rule(
          "",
          schema,
          new YAMLMapper().createObjectNode().put("rule", expression),
          compiler().compile(expression).getAst(),
          1);
    } catch (CelValidationException e) {
      throw new IllegalArgumentException(expression, e);
    }
  }

  public List<Rule> rules() {
    return rules;
  }

  public JsonNode schema() {
    return root;
  }

  /** The problems of creating this object (a manifest as a JSON tree). */
  public List<Problem> create(JsonNode object) {
    return admit(null, object);
  }

  /** The problems of replacing {@code old} (as stored, defaults applied) by {@code object}. */
  public List<Problem> update(JsonNode old, JsonNode object) {
    return admit(defaulted(old), object);
  }

  /** The object as the API server stores it: nulls pruned, defaults applied. */
  public JsonNode defaulted(JsonNode object) {
    JsonNode copy = object.deepCopy();
    applyDefaults(copy, root);
    return copy;
  }

  private List<Problem> admit(JsonNode old, JsonNode object) {
    JsonNode stored = defaulted(object);
    List<Problem> problems = new ArrayList<>();
    metadata(stored.path("metadata"), problems);
    rootRules = problems.isEmpty();
    validate(stored, old, root, "", problems);
    return problems;
  }

  private void metadata(JsonNode metadata, List<Problem> problems) {
    JsonNode name = metadata.path("name");
    if (!name.isTextual()) {
      problems.add(new Problem("metadata.name", "Required value: a string"));
    } else if (name.asText().length() > 253 || !name.asText().matches(DNS_SUBDOMAIN)) {
      problems.add(new Problem("metadata.name", "Invalid value: a DNS-1123 subdomain"));
    }
    for (String field : List.of("labels", "annotations")) {
      Iterator<Map.Entry<String, JsonNode>> entries = metadata.path(field).fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        if (!qualifiedName(entry.getKey())) {
          problems.add(new Problem("metadata." + field, "Invalid value: a qualified name"));
        }
        JsonNode value = entry.getValue();
        if (!value.isTextual()
            || (field.equals("labels")
                && (value.asText().length() > 63 || !value.asText().matches(LABEL_VALUE)))) {
          problems.add(new Problem("metadata." + field, "Invalid value: a label value"));
        }
      }
    }
  }

  private static boolean qualifiedName(String key) {
    int slash = key.indexOf('/');
    String name = key.substring(slash + 1);
    String prefix = slash < 0 ? null : key.substring(0, slash);
    return name.length() <= 63
        && name.matches(QUALIFIED_NAME)
        && (prefix == null || (prefix.length() <= 253 && prefix.matches(DNS_SUBDOMAIN)));
  }

  private void applyDefaults(JsonNode node, JsonNode schema) {
    if (node instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (object.get(name).isNull()) {
          object.remove(name);
        }
      }
      properties
          .fields()
          .forEachRemaining(
              property -> {
                JsonNode defaultValue = property.getValue().get("default");
                if (defaultValue != null && !object.has(property.getKey())) {
                  object.set(property.getKey(), defaultValue.deepCopy());
                }
              });
      for (String name : names) {
        JsonNode child = object.get(name);
        if (child == null) {
          continue;
        }
        JsonNode childSchema =
            properties.has(name) ? properties.get(name) : schema.path("additionalProperties");
        applyDefaults(child, childSchema);
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(item -> applyDefaults(item, schema.path("items")));
    }
  }

  private boolean validate(
      JsonNode node, JsonNode old, JsonNode schema, String path, List<Problem> problems) {
    int before = problems.size();
    String at = path.isEmpty() ? "(root)" : path;
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      if (node.isTextual()) {
        pattern(node, schema, at, problems);
      } else if (!node.isIntegralNumber()) {
        problems.add(new Problem(at, "Invalid value: must be an integer or a string"));
      }
    } else {
      switch (schema.path("type").asText("")) {
        case "object" -> object(node, old, schema, path, problems);
        case "array" -> array(node, old, schema, path, problems);
        case "string" -> {
          if (!node.isTextual()) {
            problems.add(new Problem(at, "Invalid value: must be a string"));
          } else {
            int length = node.asText().codePointCount(0, node.asText().length());
            if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
              problems.add(new Problem(at, "Too long"));
            }
            pattern(node, schema, at, problems);
          }
        }
        case "integer" -> {
          if (!node.isIntegralNumber()
              && !(node.isNumber()
                  && Double.isFinite(node.doubleValue())
                  && node.doubleValue() == Math.rint(node.doubleValue()))) {
            problems.add(new Problem(at, "Invalid value: must be an integer"));
          } else {
            bounds(node, schema, at, problems);
          }
        }
        case "number" -> {
          if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            problems.add(new Problem(at, "Invalid value: JSON has no NaN or infinity to send"));
          } else if (!node.isNumber()) {
            problems.add(new Problem(at, "Invalid value: must be a number"));
          } else {
            bounds(node, schema, at, problems);
          }
        }
        case "boolean" -> {
          if (!node.isBoolean()) {
            problems.add(new Problem(at, "Invalid value: must be a boolean"));
          }
        }
        default -> {
          // No type: x-kubernetes-preserve-unknown-fields or x-kubernetes-embedded-resource.
        }
      }
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode value : schema.get("enum")) {
        listed |= value.equals(node);
      }
      if (!listed) {
        problems.add(new Problem(at, "Unsupported value"));
      }
    }
    if (problems.size() == before) {
      rules(node, old, schema, path, problems);
    }
    return problems.size() == before;
  }

  private void object(
      JsonNode node, JsonNode old, JsonNode schema, String path, List<Problem> problems) {
    String at = path.isEmpty() ? "(root)" : path;
    if (!node.isObject()) {
      problems.add(new Problem(at, "Invalid value: must be an object"));
      return;
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    if (schema.has("maxProperties") && node.size() > schema.get("maxProperties").asLong()) {
      problems.add(new Problem(at, "Too many properties"));
    }
    node.fields()
        .forEachRemaining(
            field -> {
              String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
              JsonNode oldChild = old == null ? null : old.get(field.getKey());
              if (path.isEmpty()
                  && List.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
                return;
              }
              if (properties.has(field.getKey())) {
                validate(
                    field.getValue(), oldChild, properties.get(field.getKey()), child, problems);
              } else if (additional != null && additional.isObject()) {
                validate(field.getValue(), oldChild, additional, child, problems);
              } else if (!preserve) {
                problems.add(new Problem(child, "unknown field"));
              }
            });
    for (JsonNode required : schema.path("required")) {
      if (!node.has(required.asText())) {
        problems.add(
            new Problem(
                path.isEmpty() ? required.asText() : path + "." + required.asText(),
                "Required value"));
      }
    }
  }

  private void array(
      JsonNode node, JsonNode old, JsonNode schema, String path, List<Problem> problems) {
    if (!node.isArray()) {
      problems.add(new Problem(path, "Invalid value: must be a list"));
      return;
    }
    if (schema.has("maxItems") && node.size() > schema.get("maxItems").asLong()) {
      problems.add(new Problem(path, "Too many items"));
    }
    for (int i = 0; i < node.size(); i++) {
      validate(node.get(i), null, schema.path("items"), path + "[" + i + "]", problems);
    }
  }

  private static void pattern(JsonNode node, JsonNode schema, String at, List<Problem> problems) {
    if (schema.has("pattern")
        && !Pattern.compile(schema.get("pattern").asText()).matcher(node.asText()).find()) {
      problems.add(new Problem(at, "Invalid value: does not match " + schema.get("pattern")));
    }
  }

  private static void bounds(JsonNode node, JsonNode schema, String at, List<Problem> problems) {
    double value = node.doubleValue();
    if (schema.has("minimum")) {
      double minimum = schema.get("minimum").asDouble();
      boolean exclusive = schema.path("exclusiveMinimum").asBoolean();
      if (exclusive ? value <= minimum : value < minimum) {
        problems.add(new Problem(at, "Invalid value: below the minimum"));
      }
    }
    if (schema.has("maximum")) {
      double maximum = schema.get("maximum").asDouble();
      boolean exclusive = schema.path("exclusiveMaximum").asBoolean();
      if (exclusive ? value >= maximum : value > maximum) {
        problems.add(new Problem(at, "Invalid value: above the maximum"));
      }
    }
  }

  private void rules(
      JsonNode node, JsonNode old, JsonNode schema, String path, List<Problem> problems) {
    if (path.isEmpty() && !rootRules) {
      return;
    }
    for (JsonNode declaration : schema.path("x-kubernetes-validations")) {
      String expression = declaration.path("rule").asText();
      boolean transition = expression.contains("oldSelf");
      if (transition && old == null) {
        continue;
      }
      Map<String, Object> variables = new HashMap<>();
      variables.put("self", CelValues.of(node, schema));
      if (transition) {
        variables.put("oldSelf", CelValues.of(old, schema));
      }
      String at = (path.isEmpty() ? "" : path) + declaration.path("fieldPath").asText("");
      at = at.startsWith(".") ? at.substring(1) : at.isEmpty() ? "(root)" : at;
      try {
        if (!Boolean.TRUE.equals(program(expression).eval(variables))) {
          problems.add(new Problem(at, declaration.path("message").asText(expression)));
        }
      } catch (CelEvaluationException e) {
        problems.add(new Problem(at, "rule failed: " + e.getMessage()));
      }
    }
  }

  private CelRuntime.Program program(String expression) {
    return programs.computeIfAbsent(
        expression,
        e -> {
          try {
            return runtime.createProgram(compiler().compile(e).getAst());
          } catch (CelValidationException | CelEvaluationException failure) {
            throw new IllegalStateException("rule does not compile: " + e, failure);
          }
        });
  }

  private void collectRules(JsonNode schema, String path, long cardinality) {
    for (JsonNode declaration : schema.path("x-kubernetes-validations")) {
      try {
        CelAbstractSyntaxTree ast = compiler().compile(declaration.path("rule").asText()).getAst();
        rules.add(new Rule(path, schema, declaration, ast, cardinality));
      } catch (CelValidationException e) {
        throw new IllegalStateException("rule at " + path + " does not compile: " + e.getMessage());
      }
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            p ->
                collectRules(
                    p.getValue(),
                    path.isEmpty() ? p.getKey() : path + "." + p.getKey(),
                    cardinality));
    if (schema.path("additionalProperties").isObject()) {
      collectRules(
          schema.get("additionalProperties"),
          path + ".*",
          CelCost.times(cardinality, CelCost.bound(schema, "maxProperties")));
    }
    if (schema.has("items")) {
      collectRules(
          schema.get("items"),
          path + "[*]",
          CelCost.times(cardinality, CelCost.bound(schema, "maxItems")));
    }
  }

  /** Whether two problem paths name the same field or one lies within the other. */
  public static boolean related(String a, String b) {
    return Objects.equals(a, b) || within(a, b) || within(b, a);
  }

  private static boolean within(String path, String ancestor) {
    return path.startsWith(ancestor + ".") || path.startsWith(ancestor + "[");
  }
}
