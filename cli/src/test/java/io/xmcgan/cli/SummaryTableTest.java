package io.xmcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryTableTest {

  @Test
  void rowsAlignUnderATitle() {
    String table =
        new SummaryTable("demo: 240 of 240 steps")
            .row("best FID", "%.2f at step %d", 12.345, 240)
            .row("final samples", "runs/demo/samples/step-00000240.png")
            .render();

    assertThat(table)
        .isEqualTo(
            """
            +-----------------------------------------------------+
            | demo: 240 of 240 steps                              |
            +-----------------------------------------------------+
            | best FID      | 12.35 at step 240                   |
            | final samples | runs/demo/samples/step-00000240.png |
            +-----------------------------------------------------+
            """);
  }
}
