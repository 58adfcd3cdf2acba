package io.xmcgan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** glibc's malloc settings for libtorch's CPU tensors: when they hold, and who sets them. */
class NativeMemoryTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @ParameterizedTest(name = "{0} [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "Linux | null | false",
        "Linux | '' | false",
        "Linux | glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736 | true",
        // the user's own settings after ours
        "Linux | glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736:glibc.cpu.x86_rep_movsb_threshold=4096 | true",
        // a later value of the same setting wins, as in glibc
        "Linux | glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736:glibc.malloc.arena_max=8 | false",
        "Linux | glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736 | false",
        "Mac OS X | null | true",
        "Windows 11 | null | true",
      })
  void theSettingsAreInEffectOnlyWhenEachHasItsValue(String os, String tunables, boolean expected) {
    assertThat(NativeMemory.inEffect(os, tunables)).isEqualTo(expected);
  }

  @Test
  void theWarningNamesTheVariableItsValueAndTheCost() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NativeMemory.warn(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("GLIBC_TUNABLES=" + NativeMemory.TUNABLES)
        .contains("1.6x")
        .endsWith(System.lineSeparator());
  }

  /** glibc reads the variable at process start: each launcher of a CPU process sets it. */
  @ParameterizedTest
  @ValueSource(strings = {"xmcgan", "bench", "pom.xml"})
  void everyLauncherSetsTheSameSettings(String launcher) throws IOException {
    assertThat(Files.readString(ROOT.resolve(launcher), StandardCharsets.UTF_8))
        .contains(NativeMemory.TUNABLES);
  }

  @Test
  void theCpuImagesSetThemAndTheCudaImagesDoNot() throws IOException {
    for (String image : List.of("trainer-image", "evaluator-image")) {
      String dockerfile =
          Files.readString(ROOT.resolve(image).resolve("Dockerfile"), StandardCharsets.UTF_8);
      String cpuRuntime = stage(dockerfile, "runtime-cpu");
      assertThat(cpuRuntime)
          .as(image)
          .contains("ENV " + NativeMemory.VARIABLE + "=" + NativeMemory.TUNABLES);
      assertThat(stage(dockerfile, "runtime-cu128")).as(image).doesNotContain("GLIBC_TUNABLES");
    }
  }

  /** The text of the Dockerfile stage named {@code name}, up to the next FROM. */
  private static String stage(String dockerfile, String name) {
    int start = dockerfile.indexOf(" AS " + name);
    assertThat(start).as(name).isPositive();
    int end = dockerfile.indexOf("\nFROM ", start);
    return dockerfile.substring(start, end < 0 ? dockerfile.length() : end);
  }
}
