package io.xmcgan.preprocessing;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.xmcgan.dataset.ShardEntry;
import io.xmcgan.experiment.manifest.ExperimentFiles;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.failure.Failures;
import io.xmcgan.model.OneDnnIsaLimit;
import io.xmcgan.stage.Stage;
import io.xmcgan.storage.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code preprocess --experiment FILE}: writes this pod's shard of both splits. The shard comes
 * from {@code --shard-index}, else from {@code JOB_COMPLETION_INDEX} (Kubernetes Indexed Job);
 * without either, every shard is written in turn (local runs). Exit codes: 0 done, 2 invalid input,
 * 75 storage unavailable (retry).
 */
@Command(
    name = Stage.Commands.PREPROCESS,
    mixinStandardHelpOptions = true,
    description =
        "Turn captions + images into embedded TFRecord shards under the experiment's data/.")
public final class PreprocessCommand implements Callable<Integer> {

  static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

  @Option(
      names = "--experiment",
      required = true,
      description =
          "Resolved experiment JSON (as mounted by the operator) or an experiment manifest.")
  Path experiment;

  @Option(
      names = "--shard-index",
      description = "Shard to write (default: $JOB_COMPLETION_INDEX, else all).")
  Integer shardIndex;

  @Option(
      names = "--shard-count",
      description = "Must equal the experiment's dataset.preprocessing.shards when given.")
  Integer shardCount;

  @Option(
      names = "--device",
      defaultValue = "auto",
      description = "Where the text encoder runs: auto (first GPU if any), cpu, gpu or gpu:N.")
  String device;

  @Option(
      names = "--batch-images",
      defaultValue = "32",
      description = "Images per encoder batch (5 captions each) (${DEFAULT-VALUE}).")
  int batchImages;

  private final Map<String, String> environment;

  public PreprocessCommand() {
    this(System.getenv());
  }

  PreprocessCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "true");
    try {
      ResolvedExperiment resolved = ExperimentFiles.read(experiment);
      int shards = resolved.data().shards();
      if (shardCount != null && shardCount != shards) {
        throw new IllegalArgumentException(
            "--shard-count "
                + shardCount
                + " differs from dataset.preprocessing.shards "
                + shards
                + " of "
                + experiment
                + "; change the experiment instead");
      }
      int index = shardIndex(shards);
      Path workDir = Files.createTempDirectory("xmcgan-preprocess-");
      List<ShardEntry> entries =
          Preprocessing.run(
              resolved,
              StorageSettings.fromEnvironment(environment),
              new Preprocessing.Options(index, device(), batchImages, workDir));
      for (ShardEntry entry : entries) {
        System.out.printf(
            "%s: %d records, %d skipped, %d images with repeated captions, sha256 %s%n",
            entry.file(),
            entry.records(),
            entry.skipped().size(),
            entry.paddedImages(),
            entry.sha256());
      }
      return ExitCode.OK.code();
    } catch (Exception e) {
      return report(Failures.exitCode(e), e);
    }
  }

  /** The shard from the flag, else from the Indexed Job's environment, else all. */
  int shardIndex(int shards) {
    if (shardIndex != null) {
      return shardIndex;
    }
    String fromJob = environment.get(JOB_COMPLETION_INDEX);
    if (fromJob == null || fromJob.isBlank()) {
      return Preprocessing.ALL_SHARDS;
    }
    try {
      return Integer.parseInt(fromJob.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          JOB_COMPLETION_INDEX
              + " must be a shard index 0.."
              + (shards - 1)
              + ", got '"
              + fromJob
              + "'");
    }
  }

  private Device device() {
    return switch (device) {
      case "auto" -> Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu();
      case "cpu" -> Device.cpu();
      default -> Device.fromName(device);
    };
  }

  private static int report(ExitCode code, Exception failure) {
    String prefix =
        switch (code) {
          case INVALID_INPUT -> "invalid input: ";
          case TEMPORARY -> "storage unavailable, retry later: ";
          default -> "error: ";
        };
    System.err.println(prefix + Failures.message(failure));
    if (code == ExitCode.CRASH) {
      failure.printStackTrace();
    }
    return code.code();
  }

  public static void main(String[] args) {
    OneDnnIsaLimit.apply();
    System.exit(new CommandLine(new PreprocessCommand()).execute(args));
  }
}
