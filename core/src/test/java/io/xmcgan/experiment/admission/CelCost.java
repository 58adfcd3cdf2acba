package io.xmcgan.experiment.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An upper bound of a rule's cost as the API server estimates it when the CRD is created, so a rule
 * over the budget fails here rather than at {@code kubectl apply -f crds/}. It follows cel-go's
 * static estimator (checker/cost.go): 1 per field selection, presence test and function call;
 * equality and string comparison 0.1 per character of the shorter operand; {@code startsWith} 0.1
 * per character of its argument; {@code matches} 0.1 per character of the string times 0.25 per
 * character of the regex; {@code in} one per list element; a comprehension its range's size times
 * the cost of one step. Sizes come from the schema (maxLength, maxItems, maxProperties) the way the
 * API server derives them; an unbounded one is the largest a 3 MiB request can hold.
 */
final class CelCost {

  /** The API server's request size limit, its bound of any unbounded size. */
  static final long MAX_REQUEST_BYTES = 3 * 1024 * 1024;

  /** The API server's limit for one rule's estimated cost (StaticEstimatedCostLimit). */
  static final long PER_RULE_LIMIT = 10_000_000L;

  /** The API server's limit for all rules of a CRD, each times its cardinality. */
  static final long PER_CRD_LIMIT = 100_000_000L;

  private final Map<String, JsonNode> variables = new HashMap<>();

  private CelCost(JsonNode self) {
    variables.put("self", self);
    variables.put("oldSelf", self);
  }

  static long estimate(Admission.Rule rule) {
    return new CelCost(rule.schema()).cost(rule.ast().getExpr());
  }

  /**
   * The fields a rule selects that its schema does not have, as {@code a.b} paths from {@code
   * self}: the API server type-checks rules against the schema and refuses such a CRD.
   */
  static List<String> unknownFields(Admission.Rule rule) {
    CelCost walker = new CelCost(rule.schema());
    List<String> unknown = new ArrayList<>();
    walker.unknownFields(rule.ast().getExpr(), unknown);
    return unknown;
  }

  private void unknownFields(CelExpr expr, List<String> out) {
    switch (expr.getKind()) {
      case SELECT -> {
        JsonNode parent = schemaOf(expr.select().operand());
        if (parent != null
            && parent.has("properties")
            && !parent.get("properties").has(expr.select().field())) {
          out.add(expr.select().field());
        }
        unknownFields(expr.select().operand(), out);
      }
      case CALL -> {
        expr.call().target().ifPresent(target -> unknownFields(target, out));
        expr.call().args().forEach(arg -> unknownFields(arg, out));
      }
      case LIST -> expr.list().elements().forEach(element -> unknownFields(element, out));
      case COMPREHENSION -> {
        CelExpr.CelComprehension loop = expr.comprehension();
        unknownFields(loop.iterRange(), out);
        JsonNode range = schemaOf(loop.iterRange());
        JsonNode previous =
            variables.put(
                loop.iterVar(),
                range == null
                    ? null
                    : range.has("items") ? range.get("items") : textOfUnboundedLength());
        unknownFields(loop.loopStep(), out);
        restore(loop.iterVar(), previous);
      }
      default -> {}
    }
  }

  static long bound(JsonNode schema, String key) {
    return schema.has(key) ? schema.get(key).asLong() : MAX_REQUEST_BYTES;
  }

  static long times(long a, long b) {
    return a > Long.MAX_VALUE / Math.max(1, b) ? Long.MAX_VALUE : a * b;
  }

  private long cost(CelExpr expr) {
    return switch (expr.getKind()) {
      case CONSTANT -> 0;
      case IDENT -> 1;
      case SELECT -> 1 + cost(expr.select().operand());
      case LIST -> 10 + expr.list().elements().stream().mapToLong(this::cost).sum();
      case COMPREHENSION -> comprehension(expr.comprehension());
      case CALL -> call(expr.call());
      default -> throw new IllegalArgumentException("no cost model for " + expr.getKind());
    };
  }

  private long comprehension(CelExpr.CelComprehension loop) {
    JsonNode range = schemaOf(loop.iterRange());
    JsonNode element =
        range == null ? null : range.has("items") ? range.get("items") : textOfUnboundedLength();
    JsonNode previous = variables.put(loop.iterVar(), element);
    long step = cost(loop.loopCondition()) + cost(loop.loopStep());
    restore(loop.iterVar(), previous);
    return cost(loop.iterRange())
        + cost(loop.accuInit())
        + times(size(loop.iterRange()), step)
        + cost(loop.result());
  }

  private void restore(String name, JsonNode previous) {
    if (previous == null) {
      variables.remove(name);
    } else {
      variables.put(name, previous);
    }
  }

  private long call(CelExpr.CelCall call) {
    long arguments =
        call.args().stream().mapToLong(this::cost).sum() + call.target().map(this::cost).orElse(0L);
    String function = call.function();
    return arguments
        + switch (function) {
          case "_&&_", "_||_", "_?_:_", "!_" -> 0;
          case "_==_", "_!=_" ->
              factor(Math.min(size(call.args().get(0)), size(call.args().get(1))), 0.1);
          case "startsWith", "endsWith" -> factor(size(call.args().get(0)), 0.1);
          case "matches" ->
              factor(size(call.target().orElseThrow()) + 1, 0.1)
                  * factor(size(call.args().get(0)), 0.25);
          case "contains" ->
              factor(size(call.target().orElseThrow()), 0.1)
                  * factor(size(call.args().get(0)), 0.1);
          case "@in" -> size(call.args().get(1));
          default -> 1;
        };
  }

  private static long factor(long size, double factor) {
    return (long) Math.ceil(size * factor);
  }

  /** The largest size the value of this expression can have. */
  private long size(CelExpr expr) {
    if (expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
      CelConstant constant = expr.constant();
      return constant.getKind() == CelConstant.Kind.STRING_VALUE
          ? constant.stringValue().codePointCount(0, constant.stringValue().length())
          : 1;
    }
    if (expr.getKind() == CelExpr.ExprKind.Kind.LIST) {
      return expr.list().elements().size();
    }
    if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals("_?_:_")) {
      return Math.max(size(expr.call().args().get(1)), size(expr.call().args().get(2)));
    }
    JsonNode schema = schemaOf(expr);
    if (schema == null) {
      return MAX_REQUEST_BYTES;
    }
    return switch (schema.path("type").asText("")) {
      case "string" -> bound(schema, "maxLength");
      case "array" -> bound(schema, "maxItems");
      case "object" -> bound(schema, "maxProperties");
      case "integer", "number", "boolean" -> 1;
      default -> MAX_REQUEST_BYTES;
    };
  }

  /** The schema of the value of a path expression ({@code self.a.b}, an iteration variable). */
  private JsonNode schemaOf(CelExpr expr) {
    switch (expr.getKind()) {
      case IDENT:
        return variables.get(expr.ident().name());
      case SELECT:
        if (expr.select().testOnly()) {
          return null;
        }
        JsonNode parent = schemaOf(expr.select().operand());
        if (parent == null) {
          return null;
        }
        JsonNode property = parent.path("properties").get(expr.select().field());
        return property != null ? property : parent.get("additionalProperties");
      default:
        return null;
    }
  }

  private static JsonNode textOfUnboundedLength() {
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
        .objectNode()
        .put("type", "string");
  }
}
