package io.xmcgan.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.checkpoint.CheckpointWriter;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.testing.InProcessS3Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Writes to an experiment's storage what the stage pods would write, in the contract's layout. */
public final class Storage {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final InProcessS3Server server;
  private final String bucket;

  public Storage(InProcessS3Server server, String bucket) {
    this.server = server;
    this.bucket = bucket;
  }

  public ObjectStore experiment(String namespace, String name) {
    return ObjectStores.open(
        StorageLayout.experimentRoot("s3://" + bucket + "/xmcgan", namespace, name),
        server.settings());
  }

  /** The train split's manifest listing {@code shards} shards (what preprocessing writes last). */
  public void dataManifest(String namespace, String name, int shards) throws IOException {
    ObjectNode manifest = JSON.createObjectNode();
    ArrayNode entries = manifest.putArray("shards");
    for (int i = 0; i < shards; i++) {
      entries
          .addObject()
          .put("file", StorageLayout.dataShard("train", i, shards))
          .put("examples", 128);
    }
    try (ObjectStore store = experiment(namespace, name)) {
      store.writeBytes(StorageLayout.dataManifest("train"), JSON.writeValueAsBytes(manifest));
    }
  }

  public void progress(String namespace, String name, long step, long total, double imagesPerSecond)
      throws IOException {
    ObjectNode progress = JSON.createObjectNode();
    progress.put("step", step).put("totalSteps", total).put("imagesPerSecond", imagesPerSecond);
    progress.put("updatedAt", Instant.now().toString());
    progress.putObject("losses").put("d_loss", 1.25).put("g_loss", 3.5);
    try (ObjectStore store = experiment(namespace, name)) {
      store.writeBytes(StorageLayout.PROGRESS, JSON.writeValueAsBytes(progress));
    }
  }

  /** A complete checkpoint written with core's checkpoint writer (files, then MANIFEST.json). */
  public void checkpoint(String namespace, String name, long step) throws IOException {
    try (ObjectStore store = experiment(namespace, name);
        CheckpointWriter writer = new CheckpointStore(store).begin(step)) {
      writer.writeFile("generator.params", "weights".getBytes(StandardCharsets.UTF_8));
      writer.commit(JSON.createObjectNode().put("step", step));
    }
  }

  public void metrics(String namespace, String name, long step, double fid, double is)
      throws IOException {
    ObjectNode metrics = JSON.createObjectNode().put("fid", fid).put("inceptionScore", is);
    try (ObjectStore store = experiment(namespace, name)) {
      store.writeBytes(StorageLayout.metrics(step), JSON.writeValueAsBytes(metrics));
    }
  }
}
