package io.xmcgan.experiment.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xmcgan.experiment.resolve.ChannelPlan;
import io.xmcgan.experiment.validation.ExperimentValidator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD's rules fit the API server's cost budget (so {@code kubectl apply -f crds/}
 * succeeds), and the schema states what the generator has no annotation for.
 */
class CrdRulesTest {

  private static final Admission ADMISSION = Admission.ofCommittedCrd();

  @Test
  void everyRuleAndAllRulesTogetherFitTheApiServersCostBudget() {
    long total = 0;
    long largest = 0;
    List<String> report = new ArrayList<>();
    for (Admission.Rule rule : ADMISSION.rules()) {
      long cost = CelCost.estimate(rule);
      assertThat(cost)
          .as("estimated cost of %s at %s", rule.expression(), rule.path())
          .isLessThanOrEqualTo(CelCost.PER_RULE_LIMIT);
      assertThat(rule.cardinality())
          .as("how often %s runs", rule.path())
          .isLessThan(CelCost.MAX_REQUEST_BYTES);
      total += CelCost.times(cost, rule.cardinality());
      largest = Math.max(largest, cost);
      report.add(cost + " x " + rule.cardinality() + "  " + rule.path());
    }
    System.out.printf(
        "%d rules, largest estimated cost %d, total %d (limits %d per rule, %d per CRD)%n%s%n",
        ADMISSION.rules().size(),
        largest,
        total,
        CelCost.PER_RULE_LIMIT,
        CelCost.PER_CRD_LIMIT,
        String.join("\n", report));
    assertThat(total).isLessThanOrEqualTo(CelCost.PER_CRD_LIMIT);
  }

  @Test
  void everyRuleSelectsFieldsOfItsSchemaAndEveryFieldPathExists() {
    for (Admission.Rule rule : ADMISSION.rules()) {
      // Rules on the whole object also see metadata.name and metadata.generateName.
      assertThat(CelCost.unknownFields(rule))
          .as("fields of %s at %s", rule.expression(), rule.path())
          .allMatch(field -> rule.path().isEmpty() && field.equals("metadata"));
      String fieldPath = rule.declaration().path("fieldPath").asText("");
      JsonNode node = rule.schema();
      for (String field :
          fieldPath.isEmpty() ? new String[0] : fieldPath.substring(1).split("\\.")) {
        node = node.path("properties").path(field);
      }
      assertThat(node.isMissingNode()).as("fieldPath %s at %s", fieldPath, rule.path()).isFalse();
    }
  }

  @Test
  void aRuleSelectingAFieldTheSchemaLacksIsCaught() {
    JsonNode schema = Admission.yamlSchema("{type: object, properties: {steps: {type: integer}}}");

    assertThat(CelCost.unknownFields(Admission.rule(schema, "self.stpes > 0")))
        .containsExactly("stpes");
    assertThat(CelCost.unknownFields(Admission.rule(schema, "!has(self.steps) || self.steps > 0")))
        .isEmpty();
  }

  @Test
  void anUnboundedStringInARegexWouldBeOverBudget() {
    JsonNode unbounded = Admission.yamlSchema("{type: object, properties: {name: {type: string}}}");
    JsonNode bounded =
        Admission.yamlSchema("{type: object, properties: {name: {type: string, maxLength: 253}}}");
    String rule = "self.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')";

    assertThat(CelCost.estimate(Admission.rule(unbounded, rule)))
        .isGreaterThan(CelCost.PER_RULE_LIMIT / 1000);
    assertThat(CelCost.estimate(Admission.rule(bounded, rule))).isLessThan(1_000);
  }

  @Test
  void everyQuantityInTheSpecHasTheQuantityPattern() {
    List<JsonNode> quantities = new ArrayList<>();
    collectIntOrString(ADMISSION.schema().at("/properties/spec"), quantities);

    assertThat(quantities).hasSizeGreaterThan(5);
    assertThat(quantities)
        .allSatisfy(
            q ->
                assertThat(q.path("pattern").asText())
                    .isEqualTo(ExperimentValidator.KUBERNETES_QUANTITY_PATTERN));
  }

  @Test
  void conditionsAreAMapListKeyedByType() {
    JsonNode conditions = ADMISSION.schema().at("/properties/status/properties/conditions");

    assertThat(conditions.path("x-kubernetes-list-type").asText()).isEqualTo("map");
    assertThat(conditions.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"type\"]");
    assertThat(conditions.at("/items/required").toString()).contains("\"type\"");
  }

  @Test
  void theImageSizeRuleListsTheSupportedSizes() {
    assertThat(ChannelPlan.SUPPORTED_IMAGE_SIZES_CEL)
        .isEqualTo(ChannelPlan.SUPPORTED_IMAGE_SIZES.toString());
  }

  private static void collectIntOrString(JsonNode schema, List<JsonNode> out) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      out.add(schema);
    }
    schema.path("properties").forEach(p -> collectIntOrString(p, out));
    if (schema.path("additionalProperties").isObject()) {
      collectIntOrString(schema.get("additionalProperties"), out);
    }
    if (schema.has("items")) {
      collectIntOrString(schema.get("items"), out);
    }
  }
}
