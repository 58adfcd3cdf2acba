package io.xmcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.experiment.validation.ManifestCorpus;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart, shortened to a few steps, through the packaged jar in child JVMs exactly as the
 * launcher runs it: a run stopped by a signal checkpoints and the same command resumes, the
 * documented storage layout is filled, a finished run is not repeated, {@code generate} draws new
 * captions and {@code validate} rejects the manifest corpus naming the fields in error.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickstartIT {

  private static final Path JAR = Path.of("target", "xmcgan-cli.jar").toAbsolutePath();
  private static final String MANIFEST = "quick.yaml";
  private static final int STEPS = 6;

  @TempDir static Path work;

  private static Path root;

  @BeforeAll
  static void writeManifest() throws IOException {
    assertThat(JAR).as("the packaged jar (run in the integration-test phase)").exists();
    Files.writeString(
        work.resolve(MANIFEST),
        """
        apiVersion: xmcgan.io/v1alpha1
        kind: XmcganExperiment
        metadata:
          name: quick
        spec:
          dataset:
            source: {builtin: shapes, size: 64, seed: 7}
            validationSource: {builtin: shapes, size: 32}
            imageSize: 32
            preprocessing: {shards: 2}
          model: {preset: tiny, gfDim: 16, dfDim: 16}
          training: {steps: %d, gpusPerPod: 0, checkpointEvery: 3}
          evaluation: {numImages: 32, repeats: 1}
        """
            .formatted(STEPS));
    root = work.resolve("runs").resolve("quick");
  }

  @Test
  @Order(0)
  void aOneStepRunPreprocessesTrainsCheckpointsAndEvaluates() throws Exception {
    Path oneStep = work.resolve("one-step.yaml");
    Files.writeString(
        oneStep,
        Files.readString(work.resolve(MANIFEST))
            .replace(
                "steps: %d, gpusPerPod: 0, checkpointEvery: 3".formatted(STEPS),
                "steps: 1, gpusPerPod: 0, checkpointEvery: 1"));

    Result result = run("run", "--plain-progress", oneStep.getFileName().toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(checkpointSteps()).containsExactly(1L);
    assertThat(root.resolve("progress.json")).isNotEmptyFile();
    assertThat(root.resolve("metrics").resolve("step-00000001.json")).isNotEmptyFile();
    assertThat(root.resolve("samples").resolve("step-00000001.png")).isNotEmptyFile();
    assertThat(root.resolve("data").resolve("train.manifest.json")).isNotEmptyFile();
  }

  @Test
  @Order(1)
  void aStoppedRunCheckpointsAndTheSameCommandResumesToTheEnd() throws Exception {
    Process first = start("run", "--plain-progress", "--progress-interval", "0", MANIFEST);
    Path firstErr = work.resolve("first.err");
    waitFor(() -> Files.readString(firstErr).contains("train      ["), first, 120);
    first.destroy();
    assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String stopped = Files.readString(firstErr);
    assertThat(stopped).contains("stopped with the checkpoint of step");
    List<Long> checkpointed = checkpointSteps();
    assertThat(checkpointed).isNotEmpty();
    long resumeStep = checkpointed.get(checkpointed.size() - 1);
    assertThat(resumeStep).isLessThan(STEPS);

    Result second = run("run", "--plain-progress", MANIFEST);

    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.err())
        .contains("data: complete, preprocessing skipped")
        .contains("train: resuming from the checkpoint of step " + resumeStep)
        .doesNotContain("starting at step 0");
    assertThat(second.out())
        .contains("best FID")
        .contains("caption following")
        .contains("sample diversity")
        .contains("Generate images for new captions");
  }

  @Test
  @Order(2)
  void theRunFillsTheDocumentedStorageLayout() throws Exception {
    assertThat(root.resolve("data/train-00000-of-00002.tfrecord")).isNotEmptyFile();
    assertThat(root.resolve("data/train-00001-of-00002.tfrecord")).isNotEmptyFile();
    assertThat(root.resolve("data/train.manifest.json")).isNotEmptyFile();
    assertThat(root.resolve("data/validation.manifest.json")).isNotEmptyFile();
    assertThat(checkpointSteps()).contains(3L, (long) STEPS);
    assertThat(root.resolve("checkpoints/step-00000006/MANIFEST.json")).isNotEmptyFile();
    assertThat(Files.readString(root.resolve("checkpoints/LATEST"))).contains("6");
    assertThat(Files.readString(root.resolve("progress.json")))
        .containsPattern("\"step\"\\s*:\\s*6,");
    for (String step : List.of("step-00000003", "step-00000006")) {
      assertThat(Files.readString(root.resolve("metrics/" + step + ".json")))
          .contains("\"fid\"")
          .contains("\"inceptionScore\"")
          .contains("\"captionFollowing\"")
          .contains("\"colorAccuracy\"")
          .contains("\"diversity\"")
          .contains("\"realImages\"");
      BufferedImage grid = ImageIO.read(root.resolve("samples/" + step + ".png").toFile());
      assertThat(grid.getWidth()).isGreaterThan(4 * 32);
    }
    assertThat(root.resolve("tensorboard/train")).isNotEmptyDirectory();
    assertThat(root.resolve("tensorboard/eval")).isNotEmptyDirectory();
  }

  @Test
  @Order(3)
  void runningAFinishedExperimentAgainRepeatsNothing() throws Exception {
    long checkpointsBefore = Files.list(root.resolve("checkpoints")).count();

    Result again = run("run", "--plain-progress", MANIFEST);

    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err())
        .contains("preprocessing skipped")
        .contains("resuming from the checkpoint of step " + STEPS)
        .doesNotContain("evaluated step");
    assertThat(Files.list(root.resolve("checkpoints")).count()).isEqualTo(checkpointsBefore);
    assertThat(again.out()).contains("best FID").contains(STEPS + " of " + STEPS + " steps");
  }

  @Test
  @Order(4)
  void generateDrawsImagesForNewCaptions() throws Exception {
    Result result =
        run(
            "generate",
            MANIFEST,
            "--caption",
            "a large blue square",
            "--caption",
            "a small green circle on a black background",
            "--images-per-caption",
            "2",
            "--output",
            "drawn");

    assertThat(result.code()).as(result.err()).isZero();
    Path drawn = work.resolve("drawn");
    for (String file :
        List.of(
            "caption-01-image-01.png",
            "caption-01-image-02.png",
            "caption-02-image-01.png",
            "caption-02-image-02.png")) {
      BufferedImage image = ImageIO.read(drawn.resolve(file).toFile());
      assertThat(image.getWidth()).isEqualTo(32);
      assertThat(image.getHeight()).isEqualTo(32);
    }
    assertThat(drawn.resolve("grid.png")).isNotEmptyFile();
  }

  @Test
  @Order(5)
  void validateRejectsEveryBadManifestOfTheCorpusNamingTheField() throws Exception {
    Path corpus = Files.createDirectories(work.resolve("corpus"));
    for (ExperimentValidator.Target target : ExperimentValidator.Target.values()) {
      List<ManifestCorpus.Entry> entries =
          ManifestCorpus.invalid().stream().filter(e -> e.target() == target).toList();
      List<String> args = new ArrayList<>(List.of("validate", "--target", target.name()));
      for (ManifestCorpus.Entry entry : entries) {
        Files.writeString(corpus.resolve(entry.name()), entry.text());
        args.add("corpus/" + entry.name());
      }
      args.set(2, target == ExperimentValidator.Target.CLUSTER ? "cluster" : "local");

      Result result = run(args.toArray(String[]::new));

      assertThat(result.code()).isEqualTo(2);
      for (ManifestCorpus.Entry entry : entries) {
        assertThat(block(result.out(), "corpus/" + entry.name()))
            .as(entry.name())
            .contains("  " + entry.expectedPath() + ": ");
      }
    }
  }

  /** The lines validate printed for one file: its header and the indented errors below it. */
  private static String block(String out, String file) {
    StringBuilder block = new StringBuilder();
    boolean inside = false;
    for (String line : out.split("\n")) {
      if (!line.startsWith(" ")) {
        inside = line.startsWith(file + ": ");
      }
      if (inside) {
        block.append(line).append('\n');
      }
    }
    return block.toString();
  }

  private static List<Long> checkpointSteps() throws IOException {
    Path dir = root.resolve("checkpoints");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> Files.exists(p.resolve("MANIFEST.json")))
          .map(p -> Long.parseLong(p.getFileName().toString().substring("step-".length())))
          .sorted()
          .toList();
    }
  }

  record Result(int code, String out, String err) {}

  private static Process start(String... args) throws IOException {
    return builder("first", args).start();
  }

  private static Result run(String... args) throws Exception {
    String name = "run-" + System.nanoTime();
    Process process = builder(name, args).start();
    assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("finished in time").isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(work.resolve(name + ".out"), StandardCharsets.UTF_8),
        Files.readString(work.resolve(name + ".err"), StandardCharsets.UTF_8));
  }

  private static ProcessBuilder builder(String name, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dai.djl.offline=true");
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    File dir = work.toFile();
    return new ProcessBuilder(command)
        .directory(dir)
        .redirectOutput(work.resolve(name + ".out").toFile())
        .redirectError(work.resolve(name + ".err").toFile());
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws IOException;
  }

  private static void waitFor(Condition condition, Process process, long seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.holds()) {
      assertThat(process.isAlive()).as("still running").isTrue();
      assertThat(System.nanoTime()).as("waited %d s", seconds).isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
