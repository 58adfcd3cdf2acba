package io.xmcgan.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.experiment.ExperimentManifests;
import io.xmcgan.experiment.ExperimentResolver;
import io.xmcgan.experiment.ExperimentValidator;
import io.xmcgan.experiment.ResolvedExperiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code --experiment}: the resolved experiment JSON the operator mounts, or a manifest (YAML
 * or JSON, with {@code apiVersion}) as users and the local runner have it.
 */
final class ExperimentFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExperimentFiles() {}

  static ResolvedExperiment read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read experiment file " + file + ": " + e, e);
    }
    JsonNode json = parseJson(text);
    if (json != null && json.isObject() && !json.has("apiVersion")) {
      try {
        return ResolvedExperiment.fromJson(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "experiment file "
                + file
                + " is neither a manifest nor a resolved experiment: "
                + e.getMessage(),
            e);
      }
    }
    return ExperimentResolver.resolve(
        ExperimentManifests.read(text, file.toString()), ExperimentValidator.Target.LOCAL);
  }

  private static JsonNode parseJson(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("{")) {
      return null;
    }
    try {
      return JSON.readTree(trimmed);
    } catch (IOException e) {
      return null;
    }
  }
}
