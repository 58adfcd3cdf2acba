package io.xmcgan.training;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xmcgan.checkpoint.Checkpoint;
import io.xmcgan.checkpoint.CheckpointCorruptedException;
import io.xmcgan.checkpoint.CheckpointManifest;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.checkpoint.CheckpointWriter;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.model.IncompatibleCheckpointException;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.storage.files.StorageJson;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The training checkpoint format on top of {@link CheckpointStore}: {@value #NETWORKS} (G, EMA-G
 * and D in the model's parameter format), {@value #OPTIMIZERS} (both Adam states), {@value
 * #TRAINER_STATE} ({@link TrainerState}) and {@value #EXPERIMENT} (the resolved experiment the run
 * used). Every file is streamed through a 1 MiB buffer, so heap use depends on the largest single
 * tensor, not on the checkpoint's size.
 */
public final class TrainingCheckpoints {

  public static final String NETWORKS = XmcGanNetworks.CHECKPOINT_FILE;
  public static final String OPTIMIZERS = "optimizers.bin";
  public static final String TRAINER_STATE = "trainer-state.json";
  public static final String EXPERIMENT = "experiment.json";

  private static final ObjectMapper JSON = StorageJson.mapper();
  private static final int BUFFER = 1 << 20;

  private final CheckpointStore store;

  public TrainingCheckpoints(CheckpointStore store) {
    this.store = store;
  }

  /** Writes the checkpoint of {@code state.step()} and keeps the newest {@code keep}. */
  public CheckpointManifest save(
      DataParallelStep step, TrainerState state, ResolvedExperiment experiment, int keep)
      throws IOException {
    CheckpointManifest manifest;
    try (CheckpointWriter writer = store.begin(state.step())) {
      try (OutputStream out =
          BoundedTransfers.output(new BufferedOutputStream(writer.open(NETWORKS), BUFFER))) {
        step.primary().save(out);
      }
      try (DataOutputStream out =
          new DataOutputStream(
              BoundedTransfers.output(new BufferedOutputStream(writer.open(OPTIMIZERS), BUFFER)))) {
        step.saveOptimizers(out);
      }
      writer.writeFile(TRAINER_STATE, JSON.writeValueAsBytes(state));
      writer.writeFile(EXPERIMENT, experiment.toJson().getBytes(StandardCharsets.UTF_8));
      ObjectNode metadata = JSON.createObjectNode();
      metadata.put("kind", "training");
      metadata.put("dataEpoch", state.data().epoch());
      metadata.put("dataIndex", state.data().index());
      manifest = writer.commit(metadata);
    }
    store.retain(keep);
    return manifest;
  }

  /** A training step restored from a checkpoint, with the trainer state it was saved with. */
  public record Restored(Checkpoint checkpoint, TrainerState state, DataParallelStep step) {}

  /** Builds the training step around networks (one per device). */
  @FunctionalInterface
  public interface StepFactory {
    DataParallelStep create(List<XmcGanNetworks> networks) throws IOException;
  }

  /**
   * Restores the newest usable checkpoint onto {@code devices}: networks, both optimisers on every
   * replica, and the trainer state. Falls back to older checkpoints when a file is corrupted; empty
   * when there is none.
   *
   * @throws IncompatibleCheckpointException when the checkpoint was written for another model
   */
  public Optional<Restored> restoreLatest(
      ResolvedExperiment experiment, List<Device> devices, StepFactory factory) throws IOException {
    return store
        .load(checkpoint -> restore(checkpoint, experiment, devices, factory))
        .map(CheckpointStore.Loaded::value);
  }

  private static Restored restore(
      Checkpoint checkpoint,
      ResolvedExperiment experiment,
      List<Device> devices,
      StepFactory factory)
      throws IOException {
    TrainerState state =
        readVerified(checkpoint, TRAINER_STATE, in -> JSON.readValue(in, TrainerState.class));
    if (state.formatVersion() != TrainerState.FORMAT_VERSION || state.step() != checkpoint.step()) {
      throw new CheckpointCorruptedException(
          checkpoint.location()
              + TRAINER_STATE
              + " has format version "
              + state.formatVersion()
              + " and step "
              + state.step()
              + "; expected version "
              + TrainerState.FORMAT_VERSION
              + " and step "
              + checkpoint.step());
    }
    List<XmcGanNetworks> networks = new ArrayList<>();
    DataParallelStep step = null;
    try {
      for (Device device : devices) {
        networks.add(
            readVerified(
                checkpoint, NETWORKS, in -> XmcGanNetworks.load(experiment.model(), device, in)));
      }
      step = factory.create(networks);
      for (int r = 0; r < step.replicaCount(); r++) {
        int replica = r;
        DataParallelStep target = step;
        readVerified(
            checkpoint,
            OPTIMIZERS,
            in -> {
              target.loadOptimizers(replica, new DataInputStream(in));
              return replica;
            });
      }
      return new Restored(checkpoint, state, step);
    } catch (IOException | RuntimeException e) {
      if (step != null) {
        step.close();
      }
      networks.forEach(XmcGanNetworks::close);
      throw e;
    }
  }

  interface Reader<T> {
    T read(InputStream in) throws IOException;
  }

  /**
   * Reads a file and checks it against the manifest even when parsing failed half-way, so a
   * corrupted file surfaces as {@link CheckpointCorruptedException} (which makes the store fall
   * back to the previous checkpoint) rather than as a parse error.
   */
  static <T> T readVerified(Checkpoint checkpoint, String file, Reader<T> reader)
      throws IOException {
    InputStream raw = checkpoint.open(file);
    T value;
    try {
      value = reader.read(BoundedTransfers.input(new BufferedInputStream(raw, BUFFER)));
    } catch (IncompatibleCheckpointException e) {
      raw.close();
      throw e;
    } catch (IOException | RuntimeException e) {
      try {
        raw.close();
      } catch (CheckpointCorruptedException corrupted) {
        corrupted.addSuppressed(e);
        throw corrupted;
      }
      throw e;
    }
    raw.close();
    return value;
  }
}
