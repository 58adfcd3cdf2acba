package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CRD in crds/ is what users install: it must be the one the build generates, with the printer
 * columns in declaration order ({@link PrinterColumnOrder}).
 */
class CommittedCrdTest {

  static final Path GENERATED = Path.of("target/kubernetes/xmcganexperiments.xmcgan.io-v1.yml");
  static final Path ORDERED = Path.of("target/crds/xmcganexperiments.xmcgan.io-v1.yml");

  @Test
  void committedCrdEqualsTheGeneratedOne() throws Exception {
    assertThat(GENERATED).as("run the build first: it generates %s", GENERATED).exists();
    String expected = PrinterColumnOrder.apply(Files.readString(GENERATED));
    Files.createDirectories(ORDERED.getParent());
    Files.writeString(ORDERED, expected);
    assertThat(Files.readString(PrinterColumns.CRD))
        .as(
            "crds/ is stale; refresh it with: ./mvnw -pl operator -am package"
                + " -Dtest=CommittedCrdTest -Dsurefire.failIfNoSpecifiedTests=false; cp operator/%s"
                + " crds/",
            ORDERED)
        .isEqualTo(expected);
  }

  @Test
  void kubectlPrintsPhaseStepProgressBestFidReadyAgeThenTheWideColumns() {
    assertThat(
            PrinterColumns.crd()
                .getSpec()
                .getVersions()
                .get(0)
                .getAdditionalPrinterColumns()
                .stream()
                .map(c -> c.getName() + (priority(c) > 0 ? " (wide)" : "")))
        .containsExactly(
            "Phase",
            "Step",
            "Progress",
            "Best FID",
            "Ready",
            "Age",
            "Total (wide)",
            "Img/s (wide)",
            "ETA(s) (wide)",
            "Checkpoint (wide)",
            "Restarts (wide)",
            "Latest FID (wide)",
            "Serving (wide)",
            "URL (wide)",
            "Message (wide)");
  }

  private static int priority(CustomResourceColumnDefinition column) {
    return column.getPriority() == null ? 0 : column.getPriority();
  }
}
