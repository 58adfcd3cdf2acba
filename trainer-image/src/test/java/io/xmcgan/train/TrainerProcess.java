package io.xmcgan.train;

import java.io.IOException;
import java.nio.file.Path;

/** The pod's train command in a child JVM, on this test's class path, output to a log file. */
final class TrainerProcess {

  private TrainerProcess() {}

  static Process start(Path manifest, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-Dai.djl.offline=true",
            "-cp",
            System.getProperty("java.class.path"),
            "io.xmcgan.trainer.TrainerMain",
            "train",
            "--experiment",
            manifest.toString());
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return builder.start();
  }
}
