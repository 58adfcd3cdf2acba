package io.xmcgan.evaluator;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code engine}: loads the PyTorch engine and prints its version and devices. The Dockerfile runs
 * it at image build time so libtorch is unpacked into the image, not at pod start.
 */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    description = "Loads the PyTorch engine (unpacking libtorch) and prints version and devices.")
final class EngineCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    Engine engine = Engine.getEngine("PyTorch");
    System.out.println("engine: " + engine.getEngineName() + " " + engine.getVersion());
    System.out.println("gpus: " + engine.getGpuCount());
    for (Device device : engine.getDevices()) {
      System.out.println("device: " + device);
    }
    System.out.println("default device: " + engine.defaultDevice());
    return ExitCodes.OK;
  }
}
