package io.xmcgan.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.checkpoint.CheckpointWriter;
import io.xmcgan.dataset.DataKeys;
import io.xmcgan.dataset.DataManifests;
import io.xmcgan.dataset.DataSpec;
import io.xmcgan.dataset.ShardEntry;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.testing.InProcessS3Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Writes to an experiment's storage what the stage pods would write, in the contract's layout. */
public final class Storage {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The tiny preset's images per training step (batch size 8, one GPU). */
  private static final int TINY_BATCH = 8;

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

  /**
   * Both splits preprocessed, in the root of the spec's run, as the preprocessing Job leaves them:
   * every shard, then its entry, then the split manifest (core's {@link DataManifests}).
   */
  public void preprocessed(String namespace, String name, ExperimentSpec spec) throws IOException {
    ResolvedExperiment resolved =
        ExperimentResolver.resolve(name, namespace, spec, ExperimentValidator.Target.CLUSTER);
    ResolvedExperiment.Data data = resolved.data();
    // The run's root: the experiment root, or runs/<run>/ below it once restartNonce is set.
    try (ObjectStore store =
        ObjectStores.open(resolved.storage().experimentUri(), server.settings())) {
      for (String split : List.of(DataSpec.TRAIN, DataSpec.VALIDATION)) {
        DataSpec dataSpec = DataSpec.of(data, split);
        for (int i = 0; i < dataSpec.shards(); i++) {
          String file = DataKeys.shard(split, i, dataSpec.shards());
          byte[] shard = ("records of " + file).getBytes(StandardCharsets.UTF_8);
          store.writeBytes(file, shard);
          DataManifests.writeEntry(
              store,
              new ShardEntry(
                  ShardEntry.FORMAT_VERSION,
                  dataSpec,
                  i,
                  file,
                  16,
                  shard.length,
                  HexFormat.of().formatHex(sha256(shard)),
                  0,
                  List.of(),
                  dataSpec.textEncoder(),
                  List.of(dataSpec.maxTokens(), 64)));
        }
        DataManifests.assembleIfComplete(store, dataSpec);
      }
    }
  }

  /** progress.json with the trainer's fields ({@code io.xmcgan.storage.files.ProgressReport}). */
  public void progress(String namespace, String name, long step, long total, double imagesPerSecond)
      throws IOException {
    double stepsPerSecond = imagesPerSecond / TINY_BATCH;
    ObjectNode progress = JSON.createObjectNode();
    progress.put("step", step).put("totalSteps", total);
    progress.putObject("losses").put("d_loss", 1.25).put("g_loss", 3.5);
    progress.put("imagesPerSecond", imagesPerSecond).put("stepsPerSecond", stepsPerSecond);
    progress.put("etaSeconds", Math.round((total - step) / stepsPerSecond));
    progress.put("updatedAt", Instant.now().toString());
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

  /**
   * A metrics file shaped as the evaluator writes it ({@code
   * io.xmcgan.storage.files.EvaluationMetrics}).
   */
  public void metrics(String namespace, String name, long step, double fid, double is)
      throws IOException {
    metrics(namespace, name, step, fid, is, null);
  }

  /** The same, with the caption-following score the evaluator adds on the shapes dataset. */
  public void metrics(
      String namespace, String name, long step, double fid, double is, Double captionFollowing)
      throws IOException {
    ObjectNode metrics = JSON.createObjectNode();
    metrics.put("step", step).put("fid", fid).put("fidStd", 0.0);
    metrics.put("inceptionScore", is).put("inceptionScoreStd", 0.0).put("generator", "ema");
    metrics.put("numImages", 64).put("repeats", 1).put("inceptionSplits", 1);
    metrics
        .putObject("extractor")
        .put("id", "builtin:tiny")
        .put("featureDimension", 64)
        .put("classes", 10);
    metrics
        .putArray("results")
        .addObject()
        .put("generator", "ema")
        .put("fid", fid)
        .put("inceptionScore", is);
    metrics.putObject("timings").put("totalSeconds", 1.5);
    metrics.put("evaluatedAt", Instant.now().toString());
    if (captionFollowing != null) {
      ObjectNode captions = metrics.putObject("captionFollowing");
      captions.put("imagesPerCaption", 10);
      captions.putObject("generated").put("images", 240).put("accuracy", captionFollowing);
      captions.putObject("realImages").put("images", 200).put("accuracy", 1.0);
    }
    try (ObjectStore store = experiment(namespace, name)) {
      store.writeBytes(StorageLayout.metrics(step), JSON.writeValueAsBytes(metrics));
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
