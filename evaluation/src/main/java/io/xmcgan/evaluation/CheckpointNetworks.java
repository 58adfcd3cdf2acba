package io.xmcgan.evaluation;

import ai.djl.Device;
import io.xmcgan.checkpoint.Checkpoint;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.model.XmcGanNetworks;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Loads the networks of a checkpoint: the file {@value #FILE} holds G, EMA-G and D as {@link
 * XmcGanNetworks#save} writes them.
 */
public final class CheckpointNetworks {

  public static final String FILE = XmcGanNetworks.CHECKPOINT_FILE;

  private CheckpointNetworks() {}

  /**
   * Reads and verifies (SHA-256) the networks of {@code checkpoint}, built for {@code config}.
   *
   * @throws io.xmcgan.model.IncompatibleCheckpointException when the checkpoint was written for
   *     another model configuration
   */
  public static XmcGanNetworks load(Checkpoint checkpoint, ModelConfig config, Device device)
      throws IOException {
    XmcGanNetworks networks = null;
    try (InputStream in = checkpoint.open(FILE)) {
      networks = XmcGanNetworks.load(config, device, new BufferedInputStream(in, 1 << 16));
      // Reaching the end is what makes the stream check the digest before the values are used.
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      if (networks != null) {
        networks.close();
      }
      throw e;
    }
    return networks;
  }
}
