package io.xmcgan.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.xmcgan.model.HostTransfers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loss terms and accuracies of the steps since the last read, kept on the device: each step
 * adds its terms without a host synchronisation, and the trainer reads them all in one transfer
 * once per progress interval, summary and checkpoint (docs/training.md, "Host synchronisation").
 */
final class TermWindow implements AutoCloseable {

  private final NDManager manager;
  private final Map<String, NDArray> sums = new LinkedHashMap<>();
  private final Map<String, NDArray> last = new LinkedHashMap<>();
  private long steps;

  TermWindow(Device device) {
    this.manager = NDManager.newBaseManager(device);
  }

  /** Adds one step's terms (device scalars; copied, so the caller may free its own). */
  void add(Map<String, NDArray> terms) {
    terms.forEach(
        (name, value) -> {
          NDArray sum = sums.get(name);
          if (sum == null) {
            sums.put(name, keep(value));
          } else {
            sum.addi(value);
          }
          NDArray previous = last.put(name, keep(value));
          if (previous != null) {
            previous.close();
          }
        });
    steps++;
  }

  /** Steps added since the last read. */
  long steps() {
    return steps;
  }

  /**
   * The sums and the last values since the previous read, in one device-to-host transfer; the sums
   * start again from zero.
   */
  Read read() {
    if (steps == 0) {
      return new Read(Map.of(), Map.of(), 0);
    }
    List<String> names = new ArrayList<>(sums.keySet());
    NDList values = new NDList();
    names.forEach(name -> values.add(sums.get(name)));
    names.forEach(name -> values.add(last.get(name)));
    float[] host;
    try (NDArray stacked = NDArrays.stack(values)) {
      HostTransfers.read();
      host = stacked.toFloatArray();
    }
    Map<String, Double> readSums = new LinkedHashMap<>();
    Map<String, Float> readLast = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      readSums.put(names.get(i), (double) host[i]);
      readLast.put(names.get(i), host[names.size() + i]);
    }
    Read read = new Read(readSums, readLast, steps);
    sums.values().forEach(NDArray::close);
    sums.clear();
    steps = 0;
    return read;
  }

  private NDArray keep(NDArray value) {
    NDArray copy = value.toDevice(manager.getDevice(), true);
    NDScope.unregister(copy);
    copy.attach(manager);
    return copy;
  }

  @Override
  public void close() {
    manager.close();
  }

  /**
   * @param sums each term summed over {@code steps} steps
   * @param last each term of the newest step
   */
  record Read(Map<String, Double> sums, Map<String, Float> last, long steps) {}
}
