package io.xmcgan.evaluation;

import io.xmcgan.checkpoint.Checkpoint;
import io.xmcgan.checkpoint.CheckpointManifest;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.text.CaptionEncoder;
import io.xmcgan.text.TextEncoderFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code generate}: images for captions from a checkpoint (the newest valid one by default), one
 * PNG per image plus a captioned grid; the same seed gives the same images.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generates images for captions with a checkpoint's EMA generator.")
public final class GenerateCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Mixin GenerateOptions options;

  @Option(names = "--output", required = true, paramLabel = "DIR")
  Path output;

  @Override
  public Integer call() throws Exception {
    return generate(common, options, output);
  }

  /**
   * Writes the images into {@code output} and prints their paths; the CLI's {@code generate} too.
   */
  public static int generate(CommonOptions common, GenerateOptions options, Path output)
      throws Exception {
    ResolvedExperiment experiment = common.readExperiment();
    EvaluatorSettings settings = common.settings();
    try (ObjectStore store = common.openStore(experiment);
        XmcGanNetworks networks = load(experiment, store, settings, options.checkpoint)) {
      TextEncoderFiles encoderFiles =
          TextEncoderFiles.resolve(
              experiment.data(),
              common.storageSettings(),
              settings.workDir().resolve("text-encoder"));
      List<CaptionEncoder.EncodedCaption> encoded;
      try (CaptionEncoder encoder =
          CaptionEncoder.open(
              encoderFiles,
              experiment.model().maxTokens(),
              settings.batchSize(),
              settings.device())) {
        encoded = encoder.encode(options.captions);
      }
      List<TextToImage.GeneratedImage> images =
          TextToImage.generate(
              new ImageGenerator(networks),
              options.raw ? ImageGenerator.Variant.RAW : ImageGenerator.Variant.EMA,
              encoded,
              options.imagesPerCaption,
              options.seed);
      for (Path file : TextToImage.write(images, output)) {
        System.out.println(file);
      }
      return ExitCode.OK.code();
    }
  }

  private static XmcGanNetworks load(
      ResolvedExperiment experiment, ObjectStore store, EvaluatorSettings settings, Long checkpoint)
      throws java.io.IOException {
    CheckpointStore checkpoints = new CheckpointStore(store);
    if (checkpoint != null) {
      Optional<Checkpoint> found = checkpoints.open(checkpoint);
      if (found.isEmpty()) {
        throw new CheckpointNotFoundException(
            store.root() + StorageLayout.CHECKPOINTS_DIR,
            checkpoint,
            checkpoints.listComplete().stream().map(CheckpointManifest::step).toList());
      }
      return CheckpointNetworks.load(found.get(), experiment.model(), settings.device());
    }
    return checkpoints
        .load(c -> CheckpointNetworks.load(c, experiment.model(), settings.device()))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "experiment "
                        + experiment.name()
                        + " has no valid checkpoint in "
                        + store.root()
                        + StorageLayout.CHECKPOINTS_DIR
                        + " yet"))
        .value();
  }
}
