package io.xmcgan.operator;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the generated CRD's printer columns in the order {@link XmcganExperiment} declares them.
 * Fabric8's CRD generator sorts them by JSON path (it has no order attribute: fabric8io/
 * kubernetes-client#3974, #7454), which would make {@code kubectl get xmc} print Age first; kubectl
 * prints columns in CRD order. Only the column items move: every other byte stays as generated.
 */
public final class PrinterColumnOrder {

  private static final String HEADER = "  - additionalPrinterColumns:";
  private static final String ITEM = "    - ";
  private static final String CONTINUATION = "      ";
  private static final Pattern NAME = Pattern.compile("^\\s+-?\\s*name: \"(.*)\"$");

  private PrinterColumnOrder() {}

  public static List<String> declared() {
    return Arrays.stream(XmcganExperiment.class.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name)
        .toList();
  }

  public static String apply(String crdYaml) {
    List<String> lines = List.of(crdYaml.split("\n", -1));
    int header = lines.indexOf(HEADER);
    if (header < 0) {
      throw new IllegalArgumentException("the CRD has no '" + HEADER.strip() + "' block");
    }
    List<List<String>> items = new ArrayList<>();
    int end = header + 1;
    for (; end < lines.size(); end++) {
      String line = lines.get(end);
      if (line.startsWith(ITEM)) {
        items.add(new ArrayList<>());
      } else if (!line.startsWith(CONTINUATION) || items.isEmpty()) {
        break;
      }
      items.get(items.size() - 1).add(line);
    }
    Map<String, List<String>> byName = new LinkedHashMap<>();
    for (List<String> item : items) {
      byName.put(name(item), item);
    }
    List<String> declared = declared();
    if (!byName.keySet().equals(new HashSet<>(declared))) {
      throw new IllegalStateException(
          "generated columns " + byName.keySet() + " differ from the declared " + declared);
    }
    List<String> out = new ArrayList<>(lines.subList(0, header + 1));
    declared.forEach(name -> out.addAll(byName.get(name)));
    out.addAll(lines.subList(end, lines.size()));
    return String.join("\n", out);
  }

  private static String name(List<String> item) {
    for (String line : item) {
      Matcher matcher = NAME.matcher(line);
      if (matcher.matches()) {
        return matcher.group(1);
      }
    }
    throw new IllegalStateException("printer column without a name: " + item);
  }
}
