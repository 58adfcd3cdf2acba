package io.xmcgan.experiment.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.experiment.validation.InvalidExperimentException;
import io.xmcgan.experiment.validation.ValidationReport;
import io.xmcgan.experiment.validation.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes XmcganExperiment manifests in YAML or JSON. Reading is as strict as the API
 * server with the CRD's schema ({@link ManifestParser}, {@link ManifestTypes}): every unknown field
 * and every wrongly typed value is reported with its full path, all at once, so a typo never
 * silently falls back to a default.
 */
public final class ExperimentManifests {

  private ExperimentManifests() {}

  /**
   * Reads a manifest file (YAML or JSON); problems name the file.
   *
   * @throws ManifestNotReadableException when the file cannot be read (e.g. it does not exist)
   * @throws InvalidExperimentException listing every unknown field and wrongly typed value
   */
  public static ExperimentManifest read(Path file) {
    return read(text(file), file.toString());
  }

  /** Reads a manifest from YAML or JSON text. */
  public static ExperimentManifest read(String text) {
    return read(text, null);
  }

  /**
   * Reads a manifest from YAML or JSON text.
   *
   * @param source where the text came from, for messages; may be null
   * @throws InvalidExperimentException listing every unknown field and wrongly typed value
   */
  public static ExperimentManifest read(String text, String source) {
    Reading reading = reading(text, source);
    if (!reading.types().violations().isEmpty()) {
      throw new InvalidExperimentException(source, reading.types().violations());
    }
    return reading.manifest();
  }

  /**
   * Reads and validates a manifest file, listing every problem at once: unknown fields, wrongly
   * typed values, and the validator's findings on the values that could be read (except those that
   * only follow from a value missing because of its type).
   *
   * @throws ManifestNotReadableException when the file cannot be read (e.g. it does not exist)
   */
  public static ValidationReport validate(Path file, ExperimentValidator.Target target) {
    String source = file.toString();
    String text;
    try {
      text = text(file);
    } catch (InvalidExperimentException notUtf8) {
      return new ValidationReport(notUtf8.violations());
    }
    return validate(text, source, target);
  }

  /** {@link #validate(Path, ExperimentValidator.Target)} of YAML or JSON text. */
  public static ValidationReport validate(
      String text, String source, ExperimentValidator.Target target) {
    Reading reading;
    try {
      reading = reading(text, source);
    } catch (InvalidExperimentException unreadable) {
      return new ValidationReport(unreadable.violations());
    }
    List<Violation> violations = new ArrayList<>(reading.types().violations());
    for (Violation violation :
        ExperimentResolver.validate(reading.manifest(), target).violations()) {
      if (!ManifestTypes.followsFromRemoval(violation.path(), reading.types().removed())) {
        violations.add(violation);
      }
    }
    return new ValidationReport(violations);
  }

  private record Reading(ExperimentManifest manifest, ManifestTypes.Result types) {}

  private static String text(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ManifestNotReadableException(file, e);
    }
    try {
      return ManifestParser.decode(bytes);
    } catch (ManifestParser.ParseException e) {
      throw new InvalidExperimentException(file.toString(), List.of(e.violation()));
    }
  }

  private static Reading reading(String text, String source) {
    ObjectNode root;
    try {
      root = ManifestParser.parse(text);
    } catch (ManifestParser.ParseException e) {
      throw new InvalidExperimentException(source, List.of(e.violation()));
    }
    ManifestTypes.Result types = ManifestTypes.check(root, ExperimentManifest.class);
    try {
      return new Reading(
          ExperimentJson.yaml().treeToValue(types.tree(), ExperimentManifest.class), types);
    } catch (JsonProcessingException e) {
      // The type check leaves only values Jackson reads; this is a mismatch between the two.
      throw new IllegalStateException("cannot bind a type-checked manifest: " + e.getMessage(), e);
    }
  }

  /** Reads a bare spec (the {@code spec} object of a manifest) from YAML or JSON text. */
  public static ExperimentSpec readSpec(String text) {
    JsonNode node;
    try {
      node = ManifestParser.parse(text);
    } catch (ManifestParser.ParseException e) {
      throw new InvalidExperimentException(null, List.of(e.violation()));
    }
    String wrapped = toJsonText(Map.of("apiVersion", ExperimentManifest.API_VERSION, "spec", node));
    return read(wrapped).spec();
  }

  public static String toYaml(ExperimentManifest manifest) {
    return write(ExperimentJson.yaml(), manifest);
  }

  public static String toJson(ExperimentManifest manifest) {
    return write(ExperimentJson.json(), manifest);
  }

  public static String specToYaml(ExperimentSpec spec) {
    return write(ExperimentJson.yaml(), spec);
  }

  public static String specToJson(ExperimentSpec spec) {
    return write(ExperimentJson.json(), spec);
  }

  private static String toJsonText(Object value) {
    return write(ExperimentJson.json(), value);
  }

  private static String write(com.fasterxml.jackson.databind.ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
