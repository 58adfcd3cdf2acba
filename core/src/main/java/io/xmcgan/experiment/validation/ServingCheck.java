package io.xmcgan.experiment.validation;

import io.xmcgan.experiment.spec.ServingSpec;
import io.xmcgan.serving.CheckpointPolicy;
import io.xmcgan.serving.ResolvedServing;
import java.util.ArrayList;
import java.util.List;

/** The checks of {@code spec.serving}. */
final class ServingCheck {

  private ServingCheck() {}

  static List<Violation> check(ServingSpec serving, String path) {
    List<Violation> violations = new ArrayList<>();
    if (serving == null) {
      return violations;
    }
    Integer replicas = serving.getReplicas();
    if (replicas != null && (replicas < 1 || replicas > ResolvedServing.MAX_REPLICAS)) {
      violations.add(
          Violation.error(
              path + ".replicas",
              "must be from 1 to "
                  + ResolvedServing.MAX_REPLICAS
                  + " (enabled: false stops serving)",
              replicas));
    }
    if (serving.getCheckpoint() != null) {
      try {
        CheckpointPolicy.parse(serving.getCheckpoint());
      } catch (IllegalArgumentException e) {
        violations.add(
            Violation.error(
                path + ".checkpoint",
                "must be " + CheckpointPolicy.GRAMMAR,
                serving.getCheckpoint()));
      }
    }
    String image = serving.getImage();
    if (image != null && (image.isBlank() || image.chars().anyMatch(Character::isWhitespace))) {
      violations.add(
          Violation.error(path + ".image", "must be an image reference without spaces", image));
    }
    return violations;
  }
}
