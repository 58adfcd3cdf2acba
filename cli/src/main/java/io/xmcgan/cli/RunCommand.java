package io.xmcgan.cli;

import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.training.CancellationToken;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code run}: the local runner (see {@link LocalRunner}). */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs an experiment on this machine: preprocess -> train (evaluating each checkpoint) ->"
          + " final evaluation, then prints a summary.",
      "Storage is ./runs/<name>/ unless the manifest sets spec.storage (file:// or s3://;"
          + " S3 credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).",
      "Ctrl-C stops at a checkpoint; the same command resumes, skipping what is done."
    },
    footer = {
      "",
      "Examples:",
      "  ./xmcgan run manifests/samples/shapes-quickstart.yaml",
      "  ./xmcgan run --plain-progress my-experiment.yaml 2> run.log",
      "",
      "Exit codes: 0 done, 2 invalid manifest or data, 66 manifest missing or unreadable,"
          + " 75 storage unreachable (retry), 130 stopped by Ctrl-C (resumable), 1 other."
    })
final class RunCommand implements Callable<Integer> {

  /** How long Ctrl-C waits for the checkpoint before the JVM exits anyway. */
  private static final long SHUTDOWN_WAIT_SECONDS = 600;

  @ParentCommand XmcganCli cli;

  @Parameters(paramLabel = "MANIFEST", description = "XmcganExperiment manifest (YAML or JSON).")
  Path manifest;

  @Option(
      names = "--plain-progress",
      description = "Print progress as plain lines even on a terminal.")
  boolean plainProgress;

  @Option(
      names = "--progress-interval",
      defaultValue = "15",
      paramLabel = "SECONDS",
      description = "Seconds between plain progress lines (default: ${DEFAULT-VALUE}).")
  long progressInterval;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Scratch directory (default: <java.io.tmpdir>/xmcgan-<name>).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    ResolvedExperiment experiment = Experiments.resolve(manifest);
    Path scratch =
        workDir != null
            ? workDir
            : Path.of(System.getProperty("java.io.tmpdir"), "xmcgan-" + experiment.name());
    boolean terminal = !plainProgress && System.console() != null;
    LocalRunner.Settings settings =
        new LocalRunner.Settings(
            manifest.toString(), System.out, System.err, terminal, progressInterval, scratch);
    CancellationToken cancellation = new CancellationToken();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              cancellation.cancel("interrupted (Ctrl-C)");
              System.err.println();
              System.err.println("stopping: writing a checkpoint, please wait");
              try {
                finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "xmcgan-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      LocalRunner.Outcome outcome = new LocalRunner(experiment, settings, cancellation).run();
      return outcome == LocalRunner.Outcome.COMPLETED
          ? ExitCode.OK.code()
          : ExitCode.STOPPED.code();
    } catch (Exception | Error failure) {
      // Reported here, not by the caller: after Ctrl-C the JVM exits as soon as the latch below
      // is released, so anything printed later would be lost.
      return cli.report(failure, new PrintWriter(System.err, true));
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already stopping (Ctrl-C): the hook is running and has just been released.
      }
    }
  }
}
