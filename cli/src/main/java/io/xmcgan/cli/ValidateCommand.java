package io.xmcgan.cli;

import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.manifest.ManifestNotReadableException;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.experiment.validation.ValidationReport;
import io.xmcgan.experiment.validation.Violation;
import io.xmcgan.failure.ExitCode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code validate}: the operator's validation of manifests, offline, reading them as kubectl and
 * the API server do. Prints every problem of every file with its field path, or "valid"; warnings
 * are printed either way. Exit codes ({@link ExitCode}): 0 all valid, 2 a file is invalid, 66 a
 * file cannot be read (it wins over 2), 64 a usage error.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Checks a manifest as the operator would, without a cluster.",
    footer = {
      "",
      "Examples:",
      "  xmcgan validate manifests/samples/shapes-quickstart.yaml",
      "  xmcgan validate --target cluster my-experiment.yaml other.yaml",
      "",
      "Prints each problem as '<field path>: <problem>, got <value>' (or '<line, column>: ...' when"
          + " the file does not parse).",
      "Exit codes: 0 every file valid, 2 a file invalid, 66 a file missing or unreadable,"
          + " 64 usage error."
    })
final class ValidateCommand implements Callable<Integer> {

  enum Target {
    local,
    cluster
  }

  @Parameters(
      arity = "1..*",
      paramLabel = "MANIFEST",
      description = "XmcganExperiment manifests (YAML or JSON).")
  List<Path> manifests;

  @Option(
      names = "--target",
      defaultValue = "local",
      description =
          "Where it is meant to run: ${COMPLETION-CANDIDATES} (cluster also needs shared storage)"
              + " (default: ${DEFAULT-VALUE}).")
  Target target;

  @Override
  public Integer call() {
    ExitCode worst = ExitCode.OK;
    for (Path manifest : manifests) {
      ExitCode code = validate(manifest);
      if (code == ExitCode.NO_INPUT || (code != ExitCode.OK && worst == ExitCode.OK)) {
        worst = code;
      }
    }
    return worst.code();
  }

  private ExitCode validate(Path manifest) {
    ValidationReport report;
    try {
      report =
          ExperimentManifests.validate(
              manifest,
              target == Target.cluster
                  ? ExperimentValidator.Target.CLUSTER
                  : ExperimentValidator.Target.LOCAL);
    } catch (ManifestNotReadableException e) {
      System.out.println(manifest + ": cannot be read (" + reason(e) + ")");
      return ExitCode.NO_INPUT;
    }
    for (Violation warning : report.warnings()) {
      System.out.println("warning: " + warning);
    }
    List<Violation> errors = report.errors();
    if (errors.isEmpty()) {
      System.out.println(manifest + ": valid for a " + target + " run");
      return ExitCode.OK;
    }
    System.out.println(
        manifest + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors"));
    errors.forEach(error -> System.out.println("  " + error));
    return ExitCode.INVALID_INPUT;
  }

  private static String reason(ManifestNotReadableException e) {
    IOException cause = e.getCause();
    if (cause instanceof NoSuchFileException) {
      return "no such file";
    }
    if (cause instanceof AccessDeniedException) {
      return "permission denied";
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
