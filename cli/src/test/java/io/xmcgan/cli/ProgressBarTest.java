package io.xmcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void lineShowsStepLossesRateAndEta() {
    String line =
        ProgressBar.format(
            "train", new ProgressBar.State(150, 400, "g 1.234 d 0.567", 12.34, "img/s", 192L), 20);

    assertThat(line)
        .isEqualTo(
            "train      [########............] 150/400  38% | g 1.234 d 0.567 | 12.3 img/s"
                + " | ETA 3m12s");
  }

  @Test
  void finishedLineHasAFullBarAndNoEta() {
    String line =
        ProgressBar.format("train", new ProgressBar.State(400, 400, "", 0, "img/s", 0L), 10);

    assertThat(line).isEqualTo("train      [##########] 400/400 100%");
  }

  @Test
  void durationsReadAsSecondsMinutesOrHours() {
    assertThat(ProgressBar.duration(42)).isEqualTo("42s");
    assertThat(ProgressBar.duration(192)).isEqualTo("3m12s");
    assertThat(ProgressBar.duration(3900)).isEqualTo("1h05m");
  }

  @Test
  void withoutATerminalOnlyTheFirstUpdateInAnIntervalAndTheEndArePrinted() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 3600, "train");

    for (int step = 1; step <= 100; step++) {
      bar.update(new ProgressBar.State(step, 100, "", 0, "img/s", null));
    }
    bar.finish(new ProgressBar.State(100, 100, "", 0, "img/s", null));

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).contains("  1/100   1%").doesNotContain("\r");
    assertThat(lines[1]).contains("100/100 100%");
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 15, "train");

    bar.update(new ProgressBar.State(1, 10, "", 0, "img/s", null));
    bar.finish(new ProgressBar.State(10, 10, "", 0, "img/s", null));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).startsWith("\rtrain").contains("\rtrain      [").endsWith("\n");
    assertThat(out.split("\n")).hasSize(1);
  }
}
