package io.xmcgan.cli;

import io.xmcgan.experiment.resolve.ModelPresets;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.model.Describe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code describe}: the generator's and discriminator's stages, output shapes and parameter counts
 * (the model module's {@link Describe}) of presets or of the model a manifest resolves to.
 */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = "Prints the networks' stages, shapes and parameter counts.",
    footer = {
      "",
      "Examples:",
      "  xmcgan describe                 (every preset)",
      "  xmcgan describe coco-128",
      "  xmcgan describe manifests/samples/shapes-quickstart.yaml   (with its overrides)"
    })
final class DescribeCommand implements Callable<Integer> {

  @Parameters(
      arity = "0..*",
      paramLabel = "PRESET|MANIFEST",
      description = "Preset names or manifest files (default: every preset).")
  List<String> targets = new ArrayList<>();

  @Override
  public Integer call() {
    List<String> wanted = targets.isEmpty() ? List.copyOf(ModelPresets.names()) : targets;
    for (String target : wanted) {
      var preset = ModelPresets.find(target);
      if (preset.isPresent()) {
        Describe.describe(preset.get(), System.out);
        continue;
      }
      ResolvedExperiment experiment = experiment(target);
      Describe.describe(experiment.model(), System.out);
      System.out.println(
          "text encoder: "
              + experiment
                  .data()
                  .builtinTextEncoder()
                  .map(e -> e.id() + " (built in, " + e.width() + "-d)")
                  .orElse(experiment.data().textEncoderUri())
              + "; model text width "
              + experiment.model().textDim());
    }
    return ExitCode.OK.code();
  }

  private static ResolvedExperiment experiment(String target) {
    Path file = Path.of(target);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "'"
              + target
              + "' is neither a preset ("
              + String.join(", ", ModelPresets.names())
              + ") nor a manifest file");
    }
    return Experiments.resolve(file);
  }
}
