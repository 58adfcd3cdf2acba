package io.xmcgan.operator;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.xmcgan.experiment.manifest.ExperimentJson;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.validation.ExperimentValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * What the CRD states that Fabric8's generator has no annotation for: every Kubernetes quantity in
 * the spec (requests, limits, size limits: {@code x-kubernetes-int-or-string}) gets the quantity
 * pattern, so that {@code memory: 4GB} is refused at admission as the validator refuses it; every
 * Java int field gets int32's bounds; and {@code status.conditions} is a map list keyed by type, so
 * that server-side apply merges conditions by type instead of replacing the list.
 */
public final class CrdSchema implements SchemaCustomizer.Customizer {

  private static final ObjectMapper MAPPER = ExperimentJson.json();

  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps root, String input, KubernetesSerialization serialization) {
    JSONSchemaProps spec = root.getProperties().get("spec");
    quantities(spec);
    int32(spec, MAPPER.constructType(ExperimentSpec.class));
    JSONSchemaProps conditions =
        root.getProperties().get("status").getProperties().get("conditions");
    conditions.setXKubernetesListType("map");
    conditions.setXKubernetesListMapKeys(List.of("type"));
    JSONSchemaProps condition = conditions.getItems().getSchema();
    List<String> required =
        new ArrayList<>(condition.getRequired() == null ? List.of() : condition.getRequired());
    if (!required.contains("type")) {
      required.add("type");
    }
    condition.setRequired(required);
    return root;
  }

  /**
   * Java int fields get int32's bounds, which a JSON integer (int64 in the API server) would
   * otherwise exceed: the operator could not read an experiment the API server stored.
   */
  private static void int32(JSONSchemaProps node, JavaType type) {
    if (node == null || type == null) {
      return;
    }
    Class<?> raw = type.getRawClass();
    if (raw == Integer.class || raw == int.class) {
      if (node.getMaximum() == null) {
        node.setMaximum((double) Integer.MAX_VALUE);
      }
      if (node.getMinimum() == null) {
        node.setMinimum((double) Integer.MIN_VALUE);
      }
    } else if (type.isCollectionLikeType() && node.getItems() != null) {
      int32(node.getItems().getSchema(), type.getContentType());
    } else if (type.isMapLikeType() && node.getAdditionalProperties() != null) {
      int32(node.getAdditionalProperties().getSchema(), type.getContentType());
    } else if (node.getProperties() != null && !node.getProperties().isEmpty()) {
      BeanDescription bean = MAPPER.getDeserializationConfig().introspect(type);
      for (BeanPropertyDefinition property : bean.findProperties()) {
        int32(node.getProperties().get(property.getName()), property.getPrimaryType());
      }
    }
  }

  /** The spec holds no IntOrString field, so every int-or-string value in it is a quantity. */
  private static void quantities(JSONSchemaProps node) {
    if (node == null) {
      return;
    }
    if (Boolean.TRUE.equals(node.getXKubernetesIntOrString())) {
      node.setPattern(ExperimentValidator.KUBERNETES_QUANTITY_PATTERN);
    }
    if (node.getProperties() != null) {
      node.getProperties().values().forEach(CrdSchema::quantities);
    }
    if (node.getAdditionalProperties() != null) {
      quantities(node.getAdditionalProperties().getSchema());
    }
    if (node.getItems() != null) {
      quantities(node.getItems().getSchema());
    }
  }
}
