package io.xmcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.failure.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line's usage decisions: what exits 0 with help, what is a usage error (64). */
class XmcganCliTest {

  @ParameterizedTest(name = "xmcgan {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--help                 | 0  | Usage: xmcgan",
        "validate --help        | 0  | Usage: xmcgan validate",
        "frobnicate --help      | 64 | 'frobnicate'",
        "frobnicate             | 64 | 'frobnicate'",
        "--help frobnicate      | 64 | 'frobnicate'",
      })
  void helpIsGivenOnlyForCommandLinesItAccepts(String line, int code, String shown) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    int exit;
    try {
      exit = XmcganCli.run(line.trim().split("\\s+"));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }

    assertThat(exit).isEqualTo(code);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains(shown);
    if (code != 0) {
      assertThat(ExitCode.of(exit)).isEqualTo(ExitCode.USAGE);
    }
  }
}
