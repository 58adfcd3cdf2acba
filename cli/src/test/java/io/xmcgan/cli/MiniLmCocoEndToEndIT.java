package io.xmcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A COCO-style dataset with no text encoder given runs end to end on the built-in minilm-l6, with
 * no export step, through the packaged jar as a user runs it: {@code datasets shapes} writes a COCO
 * layout (captions JSON + image folders), {@code describe} shows the 384-wide text input, {@code
 * run} preprocesses (minilm-l6 on OnnxRuntime), trains two steps and evaluates, and {@code
 * generate} draws captions in words the dataset never used.
 */
class MiniLmCocoEndToEndIT {

  private static final Path JAR = Path.of("target", "xmcgan-cli.jar").toAbsolutePath();

  @TempDir Path work;

  @Test
  void preprocessTrainAndGenerateWithTheBuiltinEncoder() throws Exception {
    Result data =
        run(
            "datasets",
            "shapes",
            "-o",
            "coco",
            "--train",
            "16",
            "--validation",
            "8",
            "--image-size",
            "32");
    assertThat(data.code()).as(data.err()).isZero();
    Path coco = work.resolve("coco").toAbsolutePath();
    Files.writeString(
        work.resolve("coco.yaml"),
        """
        apiVersion: xmcgan.io/v1alpha1
        kind: XmcganExperiment
        metadata:
          name: coco-minilm
        spec:
          dataset:
            source:
              captionsUri: %1$s/annotations/captions_train.json
              imagesUri: %1$s/train
            validationSource:
              captionsUri: %1$s/annotations/captions_validation.json
              imagesUri: %1$s/validation
            imageSize: 32
            preprocessing: {shards: 1}
          model: {preset: tiny, gfDim: 16, dfDim: 16}
          training: {steps: 2, gpusPerPod: 0, checkpointEvery: 2}
          evaluation: {numImages: 8, repeats: 1, inceptionSplits: 1}
        """
            .formatted(coco.toUri().toString().replaceAll("/$", "")));

    Result describe = run("describe", "coco.yaml");
    assertThat(describe.code()).as(describe.err()).isZero();
    assertThat(describe.out())
        .contains("text 17 x 384")
        .contains("text encoder: builtin:minilm-l6@1 (built in, 384-d); model text width 384");

    Result run = run("run", "--plain-progress", "coco.yaml");
    assertThat(run.code()).as(run.err()).isZero();
    Path root = work.resolve("runs").resolve("coco-minilm");
    assertThat(Files.readString(root.resolve("data/train.manifest.json")))
        .contains("builtin:minilm-l6@1")
        .containsPattern("\"records\"\\s*:\\s*16");
    assertThat(root.resolve("checkpoints/step-00000002/MANIFEST.json")).isNotEmptyFile();
    assertThat(root.resolve("metrics/step-00000002.json")).isNotEmptyFile();

    Result generate =
        run(
            "generate",
            "coco.yaml",
            "--caption",
            "a big crimson disc",
            "--caption",
            "a navy rhombus on a white background",
            "--images-per-caption",
            "2",
            "--output",
            "drawn");
    assertThat(generate.code()).as(generate.err()).isZero();
    for (String file : List.of("caption-01-image-01.png", "caption-02-image-02.png")) {
      BufferedImage image = ImageIO.read(work.resolve("drawn").resolve(file).toFile());
      assertThat(image.getWidth()).isEqualTo(32);
    }
    assertThat(work.resolve("drawn/grid.png")).isNotEmptyFile();
  }

  record Result(int code, String out, String err) {}

  private Result run(String... args) throws Exception {
    String name = "run-" + System.nanoTime();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dai.djl.offline=true");
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    File dir = work.toFile();
    Process process =
        new ProcessBuilder(command)
            .directory(dir)
            .redirectOutput(work.resolve(name + ".out").toFile())
            .redirectError(work.resolve(name + ".err").toFile())
            .start();
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("finished in time").isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(work.resolve(name + ".out"), StandardCharsets.UTF_8),
        Files.readString(work.resolve(name + ".err"), StandardCharsets.UTF_8));
  }
}
