package io.xmcgan.operator.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/images/build-and-push.sh in a copy of the repository's manifests, with a container CLI that
 * records its arguments instead of building (no Docker here): which images it builds and pushes,
 * and that --set-manifests makes {@code kubectl kustomize} render them.
 */
class BuildAndPushScriptTest {

  static final Path SCRIPT = Path.of("../tools/images/build-and-push.sh");

  @Test
  void buildsPushesAndNamesTheThreeImages(@TempDir Path root) throws Exception {
    Path log = copy(root);

    Result result =
        run(root, "registry.example.com/ml", "1.2.3", "--skip-maven", "--set-manifests");

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(Files.readAllLines(log))
        .containsExactly(
            "build -t registry.example.com/ml/xmcgan-operator:1.2.3 operator",
            "build -t registry.example.com/ml/xmcgan-trainer:1.2.3 trainer-image",
            "build -t registry.example.com/ml/xmcgan-evaluator:1.2.3 evaluator-image",
            "push registry.example.com/ml/xmcgan-operator:1.2.3",
            "push registry.example.com/ml/xmcgan-trainer:1.2.3",
            "push registry.example.com/ml/xmcgan-evaluator:1.2.3");
    assumeTrue(Kustomize.unavailable().isEmpty(), "the render needs kubectl");
    assertThat(KustomizationsTest.images(Kustomize.render(root.resolve("manifests/operator"))))
        .isEqualTo(
            Map.of(
                "operator", "registry.example.com/ml/xmcgan-operator:1.2.3",
                "XMCGAN_OPERATOR_TRAINER_IMAGE", "registry.example.com/ml/xmcgan-trainer:1.2.3",
                "XMCGAN_OPERATOR_EVALUATOR_IMAGE",
                    "registry.example.com/ml/xmcgan-evaluator:1.2.3"));
  }

  @Test
  void cudaAddsTheGpuFlavoursAndNoPushOnlyBuilds(@TempDir Path root) throws Exception {
    Path log = copy(root);
    String kustomization = Files.readString(root.resolve("manifests/operator/kustomization.yaml"));

    Result result = run(root, "localhost:5000/ml/", "dev", "--skip-maven", "--cuda", "--no-push");

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(Files.readAllLines(log))
        .containsExactly(
            "build -t localhost:5000/ml/xmcgan-operator:dev operator",
            "build -t localhost:5000/ml/xmcgan-trainer:dev trainer-image",
            "build -t localhost:5000/ml/xmcgan-evaluator:dev evaluator-image",
            "build --build-arg FLAVOR=cu128 -t localhost:5000/ml/xmcgan-trainer:dev-cu128"
                + " trainer-image",
            "build --build-arg FLAVOR=cu128 -t localhost:5000/ml/xmcgan-evaluator:dev-cu128"
                + " evaluator-image");
    assertThat(Files.readString(root.resolve("manifests/operator/kustomization.yaml")))
        .as("without --set-manifests the kustomization stays")
        .isEqualTo(kustomization);
  }

  @Test
  void badArgumentsStopBeforeAnyBuild(@TempDir Path root) throws Exception {
    Path log = copy(root);

    assertThat(run(root, "registry.example.com/ml").exit()).isEqualTo(64);
    Result badTag = run(root, "registry.example.com/ml", "1.0 beta", "--skip-maven");
    assertThat(badTag.exit()).isEqualTo(64);
    assertThat(badTag.output()).contains("TAG '1.0 beta' is not a valid image tag");
    Result badOption = run(root, "registry.example.com/ml", "1", "--push-twice");
    assertThat(badOption.exit()).isEqualTo(64);
    assertThat(badOption.output()).contains("unknown option: --push-twice");
    assertThat(log).doesNotExist();
  }

  private record Result(int exit, String output) {}

  /** The script and manifests/ under {@code root}, and a container CLI that logs; its log file. */
  private static Path copy(Path root) throws IOException {
    Path tools = Files.createDirectories(root.resolve("tools/images"));
    Files.copy(SCRIPT, tools.resolve("build-and-push.sh"), StandardCopyOption.COPY_ATTRIBUTES);
    Path manifests = Path.of("../manifests");
    try (Stream<Path> files = Files.walk(manifests)) {
      for (Path file : files.toList()) {
        Path target = root.resolve("manifests").resolve(manifests.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    Path log = root.resolve("cli.log");
    Path cli = root.resolve("fake-docker");
    Files.writeString(cli, "#!/bin/sh\necho \"$*\" >> '" + log + "'\n");
    cli.toFile().setExecutable(true);
    return log;
  }

  private static Result run(Path root, String... args) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Stream.concat(
                        Stream.of(
                            "bash", root.resolve("tools/images/build-and-push.sh").toString()),
                        Stream.of(args))
                    .toList())
            .redirectErrorStream(true);
    builder.environment().put("CONTAINER_CLI", root.resolve("fake-docker").toString());
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }
}
