package io.xmcgan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A two-column table of labels and values with a title, as the end of a run prints it. */
final class SummaryTable {

  private final String title;
  private final List<String[]> rows = new ArrayList<>();

  SummaryTable(String title) {
    this.title = title;
  }

  SummaryTable row(String label, String value) {
    rows.add(new String[] {label, value});
    return this;
  }

  SummaryTable row(String label, String format, Object... args) {
    return row(label, String.format(Locale.ROOT, format, args));
  }

  String render() {
    int labelWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    int valueWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
    int inner = Math.max(title.length(), labelWidth + 3 + valueWidth);
    String rule = "+" + "-".repeat(inner + 2) + "+";
    StringBuilder out = new StringBuilder();
    out.append(rule).append('\n');
    out.append("| ").append(pad(title, inner)).append(" |\n");
    out.append(rule).append('\n');
    for (String[] row : rows) {
      String line = pad(row[0], labelWidth) + " | " + row[1];
      out.append("| ").append(pad(line, inner)).append(" |\n");
    }
    out.append(rule).append('\n');
    return out.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
