package io.xmcgan.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code engine}: loads the PyTorch engine and prints its version and devices. The image build runs
 * it once so that libtorch is unpacked into the image and pods start without writing to disk.
 */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    description = "Load the PyTorch engine and print its version and devices.")
public final class EngineCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    Engine engine = Engine.getEngine("PyTorch");
    int gpus = engine.getGpuCount();
    System.out.println("engine: " + engine.getEngineName() + " " + engine.getVersion());
    System.out.println("gpus: " + gpus);
    for (Device device : engine.getDevices()) {
      System.out.println("device: " + device);
    }
    return 0;
  }
}
