package io.xmcgan.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code kubectl get xmc} prints: evaluates the committed CRD's printer-column JSONPaths
 * (plain field paths and the {@code [?(@.type=="Ready")]} filter they use) against a resource.
 */
public final class PrinterColumns {

  public static final Path CRD = Path.of("../crds/xmcganexperiments.xmcgan.io-v1.yml");
  private static final Pattern FILTER =
      Pattern.compile("(\\w+)\\[\\?\\(@\\.(\\w+)==\"([^\"]*)\"\\)\\]");

  private PrinterColumns() {}

  public static CustomResourceDefinition crd() {
    try (InputStream in = Files.newInputStream(CRD)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, String> values(HasMetadata resource) {
    JsonNode root = Serialization.jsonMapper().valueToTree(resource);
    Map<String, String> values = new LinkedHashMap<>();
    for (CustomResourceColumnDefinition column :
        crd().getSpec().getVersions().get(0).getAdditionalPrinterColumns()) {
      JsonNode node = evaluate(root, column.getJsonPath());
      values.put(column.getName(), node == null || node.isMissingNode() ? null : node.asText());
    }
    return values;
  }

  private static JsonNode evaluate(JsonNode root, String path) {
    JsonNode node = root;
    for (String part : path.substring(1).split("\\.(?![^\\[]*\\])")) {
      Matcher filter = FILTER.matcher(part);
      if (filter.matches()) {
        JsonNode match = null;
        for (JsonNode item : node.path(filter.group(1))) {
          if (filter.group(3).equals(item.path(filter.group(2)).asText())) {
            match = item;
          }
        }
        if (match == null) {
          return null;
        }
        node = match;
      } else {
        node = node.path(part);
      }
    }
    return node;
  }
}
