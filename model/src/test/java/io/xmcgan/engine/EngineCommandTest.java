package io.xmcgan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code engine} prints the line; the commands that use the engine print it once first. */
class EngineCommandTest {

  @Test
  void engineCommandPrintsTheOneLine() {
    Output output = run("engine");

    assertThat(output.code).isZero();
    assertThat(output.out.lines()).containsExactly(EngineInfo.detect().line());
    assertThat(output.err).doesNotContain("engine: ");
  }

  @Test
  void aCommandThatUsesTheEngineIsPrecededByTheLineOnStderr() {
    Output output = run("train");

    assertThat(output.code).isZero();
    assertThat(output.out.lines()).containsExactly("training");
    assertThat(output.err.lines().filter(line -> line.startsWith("engine: ")))
        .containsExactly(EngineInfo.detect().line());
  }

  @Test
  void otherCommandsAndHelpPrintNoEngineLine() {
    assertThat(run("other").err).doesNotContain("engine: ");
    assertThat(run("train", "--help").err).doesNotContain("engine: ");
  }

  @Command(
      name = "image",
      subcommands = {EngineCommand.class, Train.class, Other.class})
  static final class Image {}

  @Command(name = "train", mixinStandardHelpOptions = true)
  static final class Train implements Runnable {
    @Override
    public void run() {
      System.out.println("training");
    }
  }

  @Command(name = "other")
  static final class Other implements Runnable {
    @Override
    public void run() {}
  }

  private record Output(int code, String out, String err) {}

  private static Output run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      CommandLine commandLine = new CommandLine(new Image());
      EngineCommand.reportBefore(commandLine, "train");
      int code = commandLine.execute(args);
      return new Output(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
