package io.xmcgan.engine;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/**
 * {@code engine}: loads the PyTorch engine and prints {@link EngineInfo#line()} on stdout, e.g.
 * {@code engine: PyTorch 2.7.1 flavour=cpu gpus=0 libtorch=/opt/libtorch/lib}. A subcommand of both
 * images; {@link #reportBefore} prints the same line on stderr before the commands that use the
 * engine.
 */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    description =
        "Load the PyTorch engine and print one line: libtorch version and flavour, CUDA, GPUs and"
            + " the directory libtorch was loaded from.")
public final class EngineCommand implements Callable<Integer> {

  private final Supplier<EngineInfo> detect;

  public EngineCommand() {
    this(EngineInfo::detect);
  }

  EngineCommand(Supplier<EngineInfo> detect) {
    this.detect = detect;
  }

  /** Prints the line; when libtorch does not load, prints why and fails with that error. */
  @Override
  public Integer call() {
    EngineInfo info;
    try {
      info = detect.get();
    } catch (RuntimeException | LinkageError e) {
      System.out.println(notLoaded(e));
      throw e;
    }
    System.out.println(info.line());
    return 0;
  }

  /**
   * Makes {@code commandLine} print the engine line on stderr once before running any of {@code
   * commands} (not for {@code --help} or {@code --version}). A libtorch that does not load is
   * reported on that line and left to the command, so its own error handling and exit code apply.
   */
  public static void reportBefore(CommandLine commandLine, String... commands) {
    reportBefore(commandLine, EngineInfo::detect, commands);
  }

  static void reportBefore(
      CommandLine commandLine, Supplier<EngineInfo> detect, String... commands) {
    Set<String> names = Set.of(commands);
    IExecutionStrategy next = commandLine.getExecutionStrategy();
    commandLine.setExecutionStrategy(
        parseResult -> {
          ParseResult command = parseResult.subcommand();
          if (command != null
              && names.contains(command.commandSpec().name())
              && !command.isUsageHelpRequested()
              && !command.isVersionHelpRequested()) {
            System.err.println(startupLine(detect));
          }
          return next.execute(parseResult);
        });
  }

  private static String startupLine(Supplier<EngineInfo> detect) {
    try {
      return detect.get().line();
    } catch (RuntimeException | LinkageError e) {
      return notLoaded(e);
    }
  }

  /** The failure and its root cause, which names the library that did not load. */
  private static String notLoaded(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String line = "engine: PyTorch did not load: " + failure.getMessage();
    return root == failure ? line : line + " (" + root + ")";
  }
}
