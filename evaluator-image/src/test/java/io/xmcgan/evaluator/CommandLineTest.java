package io.xmcgan.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.evaluation.EvalTestData;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.StorageSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands as users and pods run them, on a manifest file (YAML) and on the resolved JSON the
 * operator mounts: generate with the built-in text encoder, evaluate one checkpoint.
 */
class CommandLineTest {

  @TempDir Path storage;
  @TempDir Path dir;

  @Test
  void generateIsReproducibleForASeedAndEvaluateWritesMetrics() throws Exception {
    String yaml =
        EvalTestData.manifestYaml(storage, "numImages: 8\nrepeats: 1\ninceptionSplits: 1", 30);
    Path manifest = dir.resolve("experiment.yaml");
    Files.writeString(manifest, yaml);
    ResolvedExperiment experiment =
        EvalTestData.experiment(storage, "numImages: 8\nrepeats: 1\ninceptionSplits: 1", 30);
    Path resolved = dir.resolve("experiment.json");
    Files.writeString(resolved, experiment.toJson());
    try (ObjectStore store =
        ObjectStores.open(experiment.storage().experimentUri(), StorageSettings.DEFAULTS)) {
      EvalTestData.writeValidation(store, experiment, 8, 9);
      EvalTestData.writeCheckpoint(store, experiment.model(), 10, 1);
      EvalTestData.writeCheckpoint(store, experiment.model(), 20, 2);

      String[] generate = {
        "generate",
        "--experiment",
        manifest.toString(),
        "--work-dir",
        dir.resolve("work").toString(),
        "--caption",
        "a small red circle",
        "--caption",
        "a large blue square on the left",
        "--images-per-caption",
        "2",
        "--seed",
        "11",
        "--output"
      };
      assertThat(EvaluatorMain.run(concat(generate, dir.resolve("first").toString())))
          .isEqualTo(ExitCode.OK.code());
      assertThat(EvaluatorMain.run(concat(generate, dir.resolve("again").toString())))
          .isEqualTo(ExitCode.OK.code());
      for (String file :
          new String[] {"caption-01-image-01.png", "caption-02-image-02.png", "grid.png"}) {
        assertThat(Files.readAllBytes(dir.resolve("again").resolve(file)))
            .isEqualTo(Files.readAllBytes(dir.resolve("first").resolve(file)));
      }
      // The default checkpoint is the newest one.
      assertThat(
              EvaluatorMain.run(
                  concat(generate, dir.resolve("step10").toString(), "--checkpoint", "10")))
          .isEqualTo(ExitCode.OK.code());
      assertThat(Files.readAllBytes(dir.resolve("step10").resolve("caption-01-image-01.png")))
          .isNotEqualTo(
              Files.readAllBytes(dir.resolve("first").resolve("caption-01-image-01.png")));

      assertThat(
              EvaluatorMain.run(
                  "evaluate",
                  "--experiment",
                  resolved.toString(),
                  "--checkpoint",
                  "10",
                  "--work-dir",
                  dir.resolve("work").toString()))
          .isEqualTo(ExitCode.OK.code());
      assertThat(store.exists(StorageLayout.metrics(10))).isTrue();
      assertThat(new String(store.readBytes(StorageLayout.metrics(10)), StandardCharsets.UTF_8))
          .contains("\"fid\"", "\"inceptionScore\"", "\"extractor\"", "\"timings\"");
      assertThat(
              EvaluatorMain.run(
                  "evaluate",
                  "--experiment",
                  resolved.toString(),
                  "--checkpoint",
                  "15",
                  "--work-dir",
                  dir.resolve("work").toString()))
          .isEqualTo(ExitCode.INVALID_INPUT.code());
    }
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
