package io.xmcgan.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that decides which devices a training run uses. */
public final class TrainingDevices {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingDevices.class);

  private TrainingDevices() {}

  /**
   * The first {@code gpusPerPod} GPUs the engine sees (the pod is given exactly that many), or the
   * CPU when {@code gpusPerPod} is 0 or the machine has no GPU (a local run of a GPU experiment).
   */
  public static List<Device> select(int gpusPerPod) {
    int available = Engine.getInstance().getGpuCount();
    if (gpusPerPod == 0 || available == 0) {
      if (gpusPerPod > 0) {
        LOG.warn(
            "the experiment asks for {} GPU(s) but none is visible; training on the CPU",
            gpusPerPod);
      }
      return List.of(Device.cpu());
    }
    int used = Math.min(gpusPerPod, available);
    if (used < gpusPerPod) {
      LOG.warn(
          "the experiment asks for {} GPUs but {} are visible; training on {}",
          gpusPerPod,
          available,
          used);
    }
    List<Device> devices = new ArrayList<>();
    for (int i = 0; i < used; i++) {
      devices.add(Device.gpu(i));
    }
    return devices;
  }
}
