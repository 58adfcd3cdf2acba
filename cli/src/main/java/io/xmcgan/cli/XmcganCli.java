package io.xmcgan.cli;

import io.xmcgan.engine.EngineCommand;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.failure.Failures;
import io.xmcgan.model.OneDnnIsaLimit;
import io.xmcgan.shapes.ShapesCommand;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code xmcgan} command: the local runner and the user tools, one verb each. */
@Command(
    name = "xmcgan",
    mixinStandardHelpOptions = true,
    version = "xmcgan 0.1.0",
    description = "Train and evaluate XMC-GAN text-to-image models on one machine.",
    subcommands = {
      RunCommand.class,
      GenerateCommand.class,
      ServeCommand.class,
      ValidateCommand.class,
      DatasetsCommand.class,
      DescribeCommand.class,
      FidCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  xmcgan run manifests/samples/shapes-quickstart.yaml",
      "  xmcgan generate manifests/samples/shapes-quickstart.yaml --caption 'a large red circle'",
      "  xmcgan serve manifests/samples/shapes-quickstart.yaml",
      "  xmcgan validate my-experiment.yaml",
      "",
      "Exit codes: 0 done, 2 invalid input, 64 usage error, 66 input file missing or unreadable,",
      "75 temporary failure (retry), 130 stopped by Ctrl-C (run), 1 other."
    })
public final class XmcganCli implements Runnable {

  /** Wide enough for the example command lines in the help texts. */
  private static final int USAGE_WIDTH = 100;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors and log at debug level.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    OneDnnIsaLimit.apply();
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (see {@link Failures}). */
  public static int run(String... args) {
    System.setProperty("java.awt.headless", "true");
    configureLogging(Arrays.asList(args).contains("--verbose"));
    XmcganCli cli = new XmcganCli();
    CommandLine commandLine = new CommandLine(cli);
    commandLine
        .getSubcommands()
        .get("datasets")
        .addSubcommand(new CommandLine(new ShapesCommand()));
    DatasetsCommand.describeShapes(
        commandLine.getSubcommands().get("datasets").getSubcommands().get("shapes"));
    commandLine.setUsageHelpWidth(USAGE_WIDTH);
    commandLine.setExecutionExceptionHandler(
        (failure, line, parseResult) -> cli.report(failure, line.getErr()));
    CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
    commandLine.setParameterExceptionHandler(
        (failure, arguments) -> {
          usage.handleParseException(failure, arguments);
          return ExitCode.USAGE.code();
        });
    commandLine.setExecutionStrategy(XmcganCli::refuseUnmatchedThenRun);
    EngineCommand.reportBefore(commandLine, "generate", "serve");
    return commandLine.execute(args);
  }

  /**
   * picocli accepts unmatched arguments when help is asked for, so {@code xmcgan frobnicate --help}
   * would print the top-level help and exit 0; an unknown verb is a usage error with or without
   * {@code --help}.
   */
  private static int refuseUnmatchedThenRun(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult level = parseResult; level != null; level = level.subcommand()) {
      if (!level.unmatched().isEmpty()) {
        throw new CommandLine.UnmatchedArgumentException(
            level.commandSpec().commandLine(), level.unmatched());
      }
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  /** Prints a failure (its stack trace only with {@code --verbose}) and returns its exit code. */
  int report(Throwable failure, PrintWriter err) {
    err.println("error: " + Failures.message(failure));
    if (verbose) {
      failure.printStackTrace(err);
    } else {
      err.println("(run again with --verbose for details)");
    }
    err.flush();
    return Failures.exitCode(failure).code();
  }

  /**
   * Progress bars and the summary are the output; library logs only show problems unless {@code
   * --verbose}. Set before the first logger exists (slf4j-simple reads these once); a {@code -D}
   * given to the JVM wins.
   */
  private static void configureLogging(boolean verbose) {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.ai.djl", verbose ? "info" : "error");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "give a verb: run, generate, serve, validate, datasets, describe or fid (see xmcgan --help)");
  }
}
