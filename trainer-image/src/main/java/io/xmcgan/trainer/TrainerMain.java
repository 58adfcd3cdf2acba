package io.xmcgan.trainer;

import io.xmcgan.engine.EngineCommand;
import io.xmcgan.model.OneDnnIsaLimit;
import io.xmcgan.preprocessing.PreprocessCommand;
import io.xmcgan.stage.Stage;
import io.xmcgan.training.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The trainer image's entry point: {@code java -jar xmcgan-trainer.jar <command>}. */
@Command(
    name = "xmcgan-trainer",
    mixinStandardHelpOptions = true,
    description = "XMC-GAN trainer image commands.",
    subcommands = {PreprocessCommand.class, TrainCommand.class, EngineCommand.class})
public final class TrainerMain {

  public static void main(String[] args) {
    OneDnnIsaLimit.apply();
    CommandLine commandLine = new CommandLine(new TrainerMain());
    EngineCommand.reportBefore(commandLine, Stage.PREPROCESS.label(), Stage.TRAIN.label());
    System.exit(commandLine.execute(args));
  }
}
