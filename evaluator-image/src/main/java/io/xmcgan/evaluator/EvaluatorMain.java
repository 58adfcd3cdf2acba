package io.xmcgan.evaluator;

import io.xmcgan.engine.EngineCommand;
import io.xmcgan.evaluation.EvaluateCommand;
import io.xmcgan.evaluation.FidCommand;
import io.xmcgan.evaluation.GenerateCommand;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.failure.Failures;
import io.xmcgan.model.OneDnnIsaLimit;
import io.xmcgan.serve.ServeCommand;
import io.xmcgan.stage.Stage;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The evaluator image's entry point: {@code evaluate}, {@code fid}, {@code generate}, {@code
 * serve}, {@code engine}.
 */
@Command(
    name = "xmcgan-evaluator",
    mixinStandardHelpOptions = true,
    description =
        "Scores XMC-GAN checkpoints (FID, Inception Score), generates images and serves them.",
    subcommands = {
      EvaluateCommand.class,
      FidCommand.class,
      GenerateCommand.class,
      ServeCommand.class,
      EngineCommand.class
    })
public final class EvaluatorMain implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    OneDnnIsaLimit.apply();
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (see {@link ExitCode}). */
  public static int run(String... args) {
    System.setProperty("java.awt.headless", "true");
    CommandLine commandLine = new CommandLine(new EvaluatorMain());
    commandLine.setExecutionExceptionHandler(
        (failure, line, parseResult) -> {
          ExitCode code = Failures.exitCode(failure);
          line.getErr().println("error: " + Failures.message(failure));
          if (code == ExitCode.CRASH) {
            failure.printStackTrace(line.getErr());
          }
          return code.code();
        });
    EngineCommand.reportBefore(commandLine, Stage.EVALUATE.label(), "generate", "serve");
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "give a command: evaluate, fid, generate, serve or engine");
  }
}
