package io.xmcgan.experiment.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.experiment.validation.InvalidExperimentException;
import io.xmcgan.experiment.validation.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the {@code --experiment} file of the trainer's and the evaluator's commands: the resolved
 * experiment JSON the operator mounts, or an XmcganExperiment manifest (YAML or JSON) for a run
 * outside the cluster, which is validated and resolved here.
 */
public final class ExperimentFiles {

  private ExperimentFiles() {}

  /**
   * @throws InvalidExperimentException with every violation, or naming the file when it cannot be
   *     read or parsed
   */
  public static ResolvedExperiment read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw invalid(file, "cannot read the file: " + e.getMessage());
    }
    JsonNode tree;
    try {
      tree = ExperimentJson.yaml().readTree(text);
    } catch (IOException e) {
      throw invalid(file, "is neither JSON nor YAML: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw invalid(file, "must hold one object: a resolved experiment or a manifest");
    }
    if (tree.has("spec") || tree.has("apiVersion")) {
      return ExperimentResolver.resolve(
          ExperimentManifests.read(text, file.toString()), ExperimentValidator.Target.LOCAL);
    }
    try {
      return ResolvedExperiment.fromJson(text);
    } catch (IllegalArgumentException e) {
      throw invalid(file, e.getMessage());
    }
  }

  private static InvalidExperimentException invalid(Path file, String message) {
    return new InvalidExperimentException(
        file.toString(), List.of(Violation.error("(document)", message)));
  }
}
