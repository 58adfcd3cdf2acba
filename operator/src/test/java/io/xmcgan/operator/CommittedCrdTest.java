package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CRD in crds/ is what users install: it must be the one the build generates. */
class CommittedCrdTest {

  static final Path GENERATED = Path.of("target/kubernetes/xmcganexperiments.xmcgan.io-v1.yml");

  @Test
  void committedCrdEqualsTheGeneratedOne() throws Exception {
    assertThat(GENERATED).as("run the build first: it generates %s", GENERATED).exists();
    assertThat(Files.readString(PrinterColumns.CRD))
        .as(
            "crds/ is stale; refresh it with: ./mvnw -pl operator -am package -DskipTests &&"
                + " cp operator/%s crds/",
            GENERATED)
        .isEqualTo(Files.readString(GENERATED));
  }
}
