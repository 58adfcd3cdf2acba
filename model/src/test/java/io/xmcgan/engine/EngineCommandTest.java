package io.xmcgan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
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

  @Test
  void aLibtorchThatDoesNotLoadIsReportedAndTheCommandStillRuns() {
    Output output =
        run(
            () -> {
              throw new EngineException(
                  "Failed to load PyTorch native library",
                  new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file"));
            },
            "train");

    assertThat(output.code).isZero();
    assertThat(output.out.lines()).containsExactly("training");
    assertThat(output.err.lines())
        .containsExactly(
            "engine: PyTorch did not load: Failed to load PyTorch native library"
                + " (java.lang.UnsatisfiedLinkError: libcuda.so.1: cannot open shared object file)");
  }

  @Test
  void engineCommandSaysWhyLibtorchDidNotLoadAndFails() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          new CommandLine(
                  new EngineCommand(
                      () -> {
                        throw new EngineException("libcuda.so.1: cannot open shared object file");
                      }))
              .setErr(new PrintWriter(new ByteArrayOutputStream()))
              .execute();
    } finally {
      System.setOut(original);
    }

    assertThat(code).isNotZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "engine: PyTorch did not load: libcuda.so.1: cannot open shared object file");
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
    return run(EngineInfo::detect, args);
  }

  private static Output run(Supplier<EngineInfo> detect, String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      CommandLine commandLine = new CommandLine(new Image());
      EngineCommand.reportBefore(commandLine, detect, "train");
      int code = commandLine.execute(args);
      return new Output(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
