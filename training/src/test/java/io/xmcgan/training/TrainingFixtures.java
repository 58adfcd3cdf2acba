package io.xmcgan.training;

import io.xmcgan.dataset.DataSpec;
import io.xmcgan.dataset.ShardFixtures;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.image.RgbImage;
import io.xmcgan.records.Example;
import io.xmcgan.storage.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A tiny trainable experiment and synthetic preprocessed shards for it, made in a test. */
public final class TrainingFixtures {

  static final int IMAGE_SIZE = 32;
  static final int TEXT_DIM = 16;
  static final int TOKENS = 17;
  static final int CAPTIONS = 5;

  private TrainingFixtures() {}

  /** The experiment manifest: 32 px, gf = df = 8, z = 16, text width 16, batch 8, on the CPU. */
  public static String manifest(
      String name, Path storage, int steps, int checkpointEvery, int summaryEvery, int shards) {
    return """
        apiVersion: xmcgan.io/v1alpha1
        kind: XmcganExperiment
        metadata:
          name: %s
        spec:
          dataset:
            source:
              builtin: shapes
              size: 64
              seed: 3
            imageSize: %d
            preprocessing:
              shards: %d
            textEncoder:
              uri: file:///encoders/test-encoder.pt
          model:
            preset: tiny
            gfDim: 8
            dfDim: 8
            zDim: 16
            textDim: %d
          training:
            steps: %d
            batchSize: 8
            gpusPerPod: 0
            checkpointEvery: %d
            keepCheckpoints: 3
            summaryEvery: %d
            seed: 11
          storage:
            uri: %s
        """
        .formatted(
            name,
            IMAGE_SIZE,
            shards,
            TEXT_DIM,
            steps,
            checkpointEvery,
            summaryEvery,
            storage.toUri().toString());
  }

  public static ResolvedExperiment experiment(
      String name, Path storage, int steps, int checkpointEvery, int summaryEvery, int shards) {
    return ExperimentResolver.resolve(
        ExperimentManifests.read(
            manifest(name, storage, steps, checkpointEvery, summaryEvery, shards)),
        ExperimentValidator.Target.LOCAL);
  }

  /**
   * Writes the training split as preprocessing would: {@code recordsPerShard.length} shards with
   * their entries, then the split manifest. Record i of the whole split has a solid image whose red
   * channel encodes i, so tests can tell records apart.
   */
  public static void writeTrainingSplit(
      ObjectStore store, ResolvedExperiment experiment, int[] recordsPerShard, long seed)
      throws IOException {
    Random random = new Random(seed);
    int id = 0;
    List<List<Example>> shards = new ArrayList<>();
    for (int records : recordsPerShard) {
      List<Example> shard = new ArrayList<>();
      for (int r = 0; r < records; r++) {
        shard.add(
            example(id++, random, experiment.model().imageSize(), experiment.model().textDim()));
      }
      shards.add(shard);
    }
    ShardFixtures.writeSplit(
        store,
        DataSpec.of(experiment.data(), DataSpec.TRAIN),
        shards,
        List.of(CAPTIONS, TOKENS, experiment.model().textDim()));
  }

  /** Record {@code id}: left half red = id, right half green = 255 - id (so a flip shows). */
  static Example example(int id, Random random, int imageSize, int textDim) {
    byte[] rgb = new byte[imageSize * imageSize * 3];
    for (int y = 0; y < imageSize; y++) {
      for (int x = 0; x < imageSize; x++) {
        int o = (y * imageSize + x) * 3;
        boolean left = x < imageSize / 2;
        rgb[o] = (byte) (left ? id : 0);
        rgb[o + 1] = (byte) (left ? 0 : 255 - id);
        rgb[o + 2] = (byte) random.nextInt(256);
      }
    }
    float[] embedding = new float[CAPTIONS * TOKENS * textDim];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = (float) random.nextGaussian();
    }
    long[] maxLen = new long[CAPTIONS];
    String[] texts = new String[CAPTIONS];
    for (int c = 0; c < CAPTIONS; c++) {
      maxLen[c] = 3 + random.nextInt(TOKENS - 2);
      texts[c] = "caption " + c + " of image " + id;
    }
    return Example.builder()
        .putBytes("image", new RgbImage(imageSize, imageSize, rgb).png())
        .putBytes("image/filename", ("image-" + id + ".png").getBytes(StandardCharsets.UTF_8))
        .putFloats("caption/embedding", embedding)
        .putInt64s("caption/max_len", maxLen)
        .putStrings("caption/text", texts)
        .build();
  }
}
