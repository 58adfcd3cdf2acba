package io.xmcgan.experiment;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds unknown fields inside the standard Kubernetes types of a spec (resources, tolerations,
 * affinity). Fabric8's model classes keep unknown fields in an {@code additionalProperties} map
 * instead of failing, so the reader's strictness has to be applied after reading.
 */
final class KubernetesTypeFields {

  private static final String KUBERNETES_MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";
  private static final String OWN_PACKAGE = ExperimentSpec.class.getPackageName();

  private KubernetesTypeFields() {}

  static List<Violation> unknownFields(Object root, String rootPath) {
    List<Violation> violations = new ArrayList<>();
    walk(ExperimentJson.json(), root, rootPath, violations);
    return violations;
  }

  private static void walk(ObjectMapper mapper, Object value, String path, List<Violation> out) {
    if (value == null || value instanceof Enum<?>) {
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(mapper, list.get(i), path + "[" + i + "]", out);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, entry) -> walk(mapper, entry, path + "." + key, out));
      return;
    }
    String packageName = value.getClass().getPackageName();
    boolean kubernetesType = packageName.startsWith(KUBERNETES_MODEL_PACKAGE);
    if (!kubernetesType && !packageName.equals(OWN_PACKAGE)) {
      return;
    }
    SerializationConfig config = mapper.getSerializationConfig();
    BeanDescription description = config.introspect(mapper.constructType(value.getClass()));
    List<BeanPropertyDefinition> properties = description.findProperties();
    AnnotatedMember anyGetter = description.findAnyGetter();
    if (kubernetesType && anyGetter != null) {
      Object extra = anyGetter.getValue(value);
      if (extra instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
        String known =
            properties.stream()
                .map(BeanPropertyDefinition::getName)
                .sorted()
                .collect(Collectors.joining(", "));
        for (Object name : unknown.keySet()) {
          out.add(Violation.error(path + "." + name, "unknown field; known fields: " + known));
        }
      }
    }
    for (BeanPropertyDefinition property : properties) {
      AnnotatedMember accessor = property.getAccessor();
      if (accessor != null) {
        walk(mapper, accessor.getValue(value), path + "." + property.getName(), out);
      }
    }
  }
}
