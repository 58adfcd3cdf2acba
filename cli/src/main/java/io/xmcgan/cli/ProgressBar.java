package io.xmcgan.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One long stage's progress on stderr. On a terminal the line is redrawn in place (at most 5 times
 * a second); otherwise (a log file, CI) a plain line is printed every {@code plainInterval} and at
 * the end, so logs stay readable.
 */
final class ProgressBar {

  private static final int BAR_WIDTH = 24;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final long plainIntervalNanos;
  private final String label;
  private long lastDraw = Long.MIN_VALUE;
  private int lastLength;
  private String lastLine = "";

  /**
   * @param terminal redraw in place; false prints plain lines
   * @param plainIntervalSeconds seconds between plain lines
   */
  ProgressBar(PrintStream out, boolean terminal, long plainIntervalSeconds, String label) {
    this.out = out;
    this.terminal = terminal;
    this.plainIntervalNanos = plainIntervalSeconds * 1_000_000_000L;
    this.label = label;
  }

  /** What a stage reports: {@code detail} holds the losses or other stage-specific values. */
  record State(long done, long total, String detail, double rate, String rateUnit, Long eta) {}

  /** Shows the state, subject to the redraw limits. */
  void update(State state) {
    long now = System.nanoTime();
    long interval = terminal ? REDRAW_NANOS : plainIntervalNanos;
    if (lastDraw != Long.MIN_VALUE && now - lastDraw < interval) {
      return;
    }
    String line = format(label, state, BAR_WIDTH);
    if (line.equals(lastLine)) {
      return;
    }
    lastDraw = now;
    draw(line);
  }

  /** Shows the final state and ends the line. */
  void finish(State state) {
    String line = format(label, state, BAR_WIDTH);
    if (terminal || !line.equals(lastLine)) {
      draw(line);
    }
    if (terminal) {
      out.println();
    }
    out.flush();
  }

  /** Prints a message above a terminal bar without garbling it. */
  void message(String text) {
    if (terminal && lastLength > 0) {
      out.print("\r" + " ".repeat(lastLength) + "\r");
    }
    out.println(text);
    if (terminal && !lastLine.isEmpty()) {
      out.print(lastLine);
    }
    out.flush();
  }

  private void draw(String line) {
    if (terminal) {
      String padding = " ".repeat(Math.max(0, lastLength - line.length()));
      out.print("\r" + line + padding);
    } else {
      out.println(line);
    }
    out.flush();
    lastLength = line.length();
    lastLine = line;
  }

  /**
   * {@code train [#########...............] 150/400 37% | g 1.234 d 0.567 | 12.3 img/s | ETA
   * 3m12s}.
   */
  static String format(String label, State state, int barWidth) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s ", label));
    double fraction = state.total() <= 0 ? 0 : Math.min(1.0, (double) state.done() / state.total());
    int filled = (int) Math.round(fraction * barWidth);
    line.append('[').append("#".repeat(filled)).append(".".repeat(barWidth - filled)).append(']');
    int digits = String.valueOf(state.total()).length();
    line.append(
        String.format(
            Locale.ROOT,
            " %" + digits + "d/%d %3d%%",
            state.done(),
            state.total(),
            Math.round(fraction * 100)));
    if (state.detail() != null && !state.detail().isEmpty()) {
      line.append(" | ").append(state.detail());
    }
    if (state.rate() > 0) {
      line.append(String.format(Locale.ROOT, " | %.1f %s", state.rate(), state.rateUnit()));
    }
    if (state.eta() != null && state.done() < state.total()) {
      line.append(" | ETA ").append(duration(state.eta()));
    }
    return line.toString();
  }

  /** 42s, 3m12s, 1h05m. */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }
}
