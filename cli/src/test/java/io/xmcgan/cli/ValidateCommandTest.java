package io.xmcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.experiment.validation.ManifestCorpus;
import io.xmcgan.failure.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidateCommandTest {

  @TempDir Path dir;

  static List<ManifestCorpus.Entry> invalid() {
    return ManifestCorpus.invalid();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidManifestExitsTwoNamingTheFieldInError(ManifestCorpus.Entry entry) throws Exception {
    Path file = write(entry);

    Result result = validate("--target", target(entry), file.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.out()).contains(file + ": ").contains("  " + entry.expectedPath() + ": ");
  }

  @Test
  void validManifestsExitZero() throws Exception {
    for (ManifestCorpus.Entry entry : ManifestCorpus.valid()) {
      Result result = validate("--target", target(entry), write(entry).toString());

      assertThat(result.code()).as(entry.name()).isZero();
      assertThat(result.out()).contains("valid for a " + target(entry) + " run");
    }
  }

  @Test
  void theQuickstartManifestIsValid() throws Exception {
    Path quickstart = Path.of("..", "manifests", "samples", "shapes-quickstart.yaml");

    assertThat(validate(quickstart.toString()).code()).isZero();
  }

  @Test
  void missingFileExits66NotTwo() throws Exception {
    Result result = validate(dir.resolve("absent.yaml").toString());

    assertThat(result.code()).isEqualTo(ExitCode.NO_INPUT.code()).isEqualTo(66);
    assertThat(result.out()).contains("absent.yaml: cannot be read (no such file)");
  }

  @Test
  void aMissingFileWinsOverAnInvalidOneAndEveryFileIsStillChecked() throws Exception {
    ManifestCorpus.Entry invalid = ManifestCorpus.invalid().get(0);
    Path file = write(invalid);

    Result result =
        validate(
            "--target", target(invalid), file.toString(), dir.resolve("absent.yaml").toString());

    assertThat(result.code()).isEqualTo(66);
    assertThat(result.out()).contains("  " + invalid.expectedPath() + ": ");
  }

  @Test
  void usageErrorsExit64() {
    assertThat(validate().code()).isEqualTo(ExitCode.USAGE.code()).isEqualTo(64);
    assertThat(validate("--target", "mars", "x.yaml").code()).isEqualTo(64);
    assertThat(validate("--no-such-option", "x.yaml").code()).isEqualTo(64);
  }

  @Test
  void everyTypeErrorIsListedWithItsPathAndTheParseErrorsNameTheFile() throws Exception {
    Path types =
        Files.writeString(
            dir.resolve("types.yaml"),
            """
            apiVersion: xmcgan.io/v1alpha1
            kind: XmcganExperiment
            metadata: {name: 123}
            spec:
              dataset: {source: {builtin: shapes}}
              model: {preset: tiny}
              training: {steps: "1000", gpusPerPod: "0", batchSize: 0}
              evaluation: {continuous: "false"}
            """);
    Path broken =
        Files.writeString(dir.resolve("broken.json"), "{\"kind\": \"XmcganExperiment\",}");

    Result result = validate(types.toString(), broken.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.out())
        .contains(types + ": 5 errors")
        .contains("  metadata.name: must be a string (quote it), got 123")
        .contains("  spec.training.steps: must be an integer (without quotes), got \"1000\"")
        .contains("  spec.training.gpusPerPod: must be an integer (without quotes), got \"0\"")
        .contains(
            "  spec.evaluation.continuous: must be true or false (without quotes), got \"false\"")
        .contains("  spec.training.batchSize: must be >= 1, got 0")
        .contains(broken + ": 1 error\n  line 1, column 29: not valid JSON:");
  }

  private Path write(ManifestCorpus.Entry entry) throws IOException {
    return Files.writeString(dir.resolve(entry.name()), entry.text());
  }

  private static String target(ManifestCorpus.Entry entry) {
    return entry.target() == ExperimentValidator.Target.CLUSTER ? "cluster" : "local";
  }

  record Result(int code, String out) {}

  private static Result validate(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      String[] line = new String[args.length + 1];
      line[0] = "validate";
      System.arraycopy(args, 0, line, 1, args.length);
      int code = XmcganCli.run(line);
      return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
