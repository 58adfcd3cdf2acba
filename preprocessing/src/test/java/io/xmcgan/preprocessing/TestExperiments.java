package io.xmcgan.preprocessing;

import io.xmcgan.experiment.manifest.ExperimentFiles;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Experiment manifests for preprocessing tests: the tiny preset at 32 px. */
final class TestExperiments {

  private TestExperiments() {}

  static String shapesSource(int trainImages, int validationImages, long seed) {
    return String.format(
        """
            source:
              builtin: shapes
              size: %d
              seed: %d
            validationSource:
              builtin: shapes
              size: %d
              seed: %d
        """,
        trainImages, seed, validationImages, seed + 1);
  }

  static String cocoSource(
      String trainCaptions, String trainImages, String valCaptions, String valImages) {
    return String.format(
        """
            source:
              captionsUri: %s
              imagesUri: %s
            validationSource:
              captionsUri: %s
              imagesUri: %s
        """,
        trainCaptions, trainImages, valCaptions, valImages);
  }

  /** Writes the manifest under {@code dir} and returns its file. */
  static Path manifest(
      Path dir, String name, String storageUri, String source, int shards, String onBadInput)
      throws IOException {
    String yaml =
        """
        apiVersion: xmcgan.io/v1alpha1
        kind: XmcganExperiment
        metadata:
          name: %s
        spec:
          dataset:
        %s    imageSize: 32
            preprocessing:
              shards: %d
              onBadInput: %s
          model:
            preset: tiny
          training:
            steps: 10
            gpusPerPod: 0
          storage:
            uri: %s
        """
            .formatted(name, source, shards, onBadInput, storageUri);
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  static ResolvedExperiment resolve(Path manifest) {
    return ExperimentFiles.read(manifest);
  }
}
