package io.xmcgan.experiment.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.experiment.manifest.ExperimentManifest;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestCorpusTest {

  static List<ManifestCorpus.Entry> invalid() {
    return ManifestCorpus.invalid();
  }

  static List<ManifestCorpus.Entry> valid() {
    return ManifestCorpus.valid();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidManifestHasAnErrorAtExactlyTheExpectedPath(ManifestCorpus.Entry entry) {
    assertThat(entry.expectedPath()).as("'# expect:' header").isNotBlank();

    List<Violation> errors = errors(entry);

    assertThat(errors).extracting(Violation::path).containsExactly(entry.expectedPath());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void validManifestHasNoErrors(ManifestCorpus.Entry entry) {
    assertThat(errors(entry)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void corpusHasAtLeastTwentyInvalidManifests() {
    assertThat(ManifestCorpus.invalid()).hasSizeGreaterThanOrEqualTo(20);
  }

  private static List<Violation> errors(ManifestCorpus.Entry entry) {
    try {
      ExperimentManifest manifest = ExperimentManifests.read(entry.text(), entry.name());
      return ExperimentResolver.validate(manifest, entry.target()).errors();
    } catch (InvalidExperimentException e) {
      return e.violations();
    }
  }
}
