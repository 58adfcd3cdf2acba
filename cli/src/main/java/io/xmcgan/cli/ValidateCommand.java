package io.xmcgan.cli;

import io.xmcgan.experiment.ExperimentManifest;
import io.xmcgan.experiment.ExperimentManifests;
import io.xmcgan.experiment.ExperimentValidator;
import io.xmcgan.experiment.InvalidExperimentException;
import io.xmcgan.experiment.ValidationReport;
import io.xmcgan.experiment.Violation;
import io.xmcgan.failure.ExitCode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code validate}: the operator's validation of manifests, offline. Prints every error with its
 * field path (exit 2 when any file has one), or "valid" (exit 0); warnings are printed either way.
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
      "Prints each error as '<field path>: <problem>, got <value>' and exits 2 when there is one."
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
    int code = ExitCode.OK.code();
    for (Path manifest : manifests) {
      if (validate(manifest) != ExitCode.OK.code()) {
        code = ExitCode.INVALID_INPUT.code();
      }
    }
    return code;
  }

  private int validate(Path manifest) {
    List<Violation> violations;
    try {
      ExperimentManifest parsed = ExperimentManifests.read(manifest);
      ValidationReport report =
          ExperimentValidator.validate(
              parsed,
              target == Target.cluster
                  ? ExperimentValidator.Target.CLUSTER
                  : ExperimentValidator.Target.LOCAL);
      violations = report.violations();
    } catch (InvalidExperimentException e) {
      violations = e.violations();
    } catch (UncheckedIOException e) {
      System.out.println(manifest + ": cannot be read (" + e.getCause() + ")");
      return ExitCode.INVALID_INPUT.code();
    }
    List<Violation> errors =
        violations.stream().filter(v -> v.severity() == Violation.Severity.ERROR).toList();
    for (Violation warning : violations) {
      if (warning.severity() == Violation.Severity.WARNING) {
        System.out.println("warning: " + warning);
      }
    }
    if (errors.isEmpty()) {
      System.out.println(manifest + ": valid for a " + target + " run");
      return ExitCode.OK.code();
    }
    System.out.println(
        manifest + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors"));
    errors.forEach(error -> System.out.println("  " + error));
    return ExitCode.INVALID_INPUT.code();
  }
}
