package io.xmcgan.evaluation;

import ai.djl.Device;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.checkpoint.CheckpointWriter;
import io.xmcgan.dataset.DataSpec;
import io.xmcgan.dataset.ShardFixtures;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.image.RgbImage;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.records.Example;
import io.xmcgan.storage.ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small experiment for evaluator tests: the tiny preset narrowed to 32 px and gf = df = 4, its
 * validation split written as preprocessing writes it (shards, entries, manifest), and seeded
 * checkpoints written as the trainer writes the networks file.
 */
public final class EvalTestData {

  public static final int CAPTIONS = 5;

  private EvalTestData() {}

  /** The experiment stored under {@code storageDir}, with the given {@code evaluation} YAML. */
  public static ResolvedExperiment experiment(
      Path storageDir, String evaluationYaml, int trainingSteps) {
    return ExperimentResolver.resolve(
        ExperimentManifests.read(manifestYaml(storageDir, evaluationYaml, trainingSteps)),
        ExperimentValidator.Target.LOCAL);
  }

  /** The manifest {@link #experiment} resolves, as a user would write it. */
  public static String manifestYaml(Path storageDir, String evaluationYaml, int trainingSteps) {
    return """
        apiVersion: xmcgan.io/v1alpha1
        kind: XmcganExperiment
        metadata:
          name: eval-test
        spec:
          dataset:
            source:
              builtin: shapes
            imageSize: 32
            preprocessing:
              shards: 2
          model:
            preset: tiny
            gfDim: 4
            dfDim: 4
          training:
            steps: %d
            checkpointEvery: 10
          evaluation:
        %s
          storage:
            uri: %s
        """
        .formatted(trainingSteps, evaluationYaml.indent(4).stripTrailing(), storageDir.toUri());
  }

  /** Writes {@code images} validation records over the experiment's shards, then the manifest. */
  public static void writeValidation(
      ObjectStore store, ResolvedExperiment experiment, int images, long seed) throws IOException {
    DataSpec spec = DataSpec.of(experiment.data(), DataSpec.VALIDATION);
    ModelConfig model = experiment.model();
    SplittableRandom random = new SplittableRandom(seed);
    List<List<Example>> shards = new ArrayList<>();
    for (int shard = 0; shard < spec.shards(); shard++) {
      List<Example> records = new ArrayList<>();
      for (int i = shard; i < images; i += spec.shards()) {
        records.add(record(random, model, i));
      }
      shards.add(records);
    }
    ShardFixtures.writeSplit(
        store, spec, shards, List.of(CAPTIONS, model.maxTokens(), model.textDim()));
  }

  /** A record: a two-colour image (the colours vary per image) and random caption vectors. */
  private static Example record(SplittableRandom random, ModelConfig model, int index) {
    int size = model.imageSize();
    byte[] rgb = new byte[size * size * 3];
    int[] background = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    int[] shape = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    int x0 = random.nextInt(size / 2);
    int y0 = random.nextInt(size / 2);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        boolean inside = x >= x0 && x < x0 + size / 2 && y >= y0 && y < y0 + size / 2;
        for (int c = 0; c < 3; c++) {
          rgb[(y * size + x) * 3 + c] = (byte) (inside ? shape[c] : background[c]);
        }
      }
    }
    float[] embedding = new float[CAPTIONS * model.maxTokens() * model.textDim()];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = (float) random.nextGaussian();
    }
    long[] maxLen = new long[CAPTIONS];
    List<String> texts = new ArrayList<>();
    for (int c = 0; c < CAPTIONS; c++) {
      maxLen[c] = 3 + random.nextInt(model.maxTokens() - 2);
      texts.add("image " + index + " caption " + c + ": a square on a coloured background");
    }
    return Example.builder()
        .putBytes(ValidationRecord.IMAGE, new RgbImage(size, size, rgb).png())
        .putFloats(ValidationRecord.EMBEDDING, embedding)
        .putInt64s(ValidationRecord.MAX_LEN, maxLen)
        .putStrings(ValidationRecord.TEXT, texts.toArray(String[]::new))
        .build();
  }

  /** A complete checkpoint of {@code step} whose networks are seeded with {@code seed}. */
  public static void writeCheckpoint(ObjectStore store, ModelConfig model, long step, long seed)
      throws IOException {
    try (XmcGanNetworks networks = XmcGanNetworks.create(model, Device.cpu(), seed);
        CheckpointWriter writer = new CheckpointStore(store).begin(step)) {
      try (OutputStream out = writer.open(CheckpointNetworks.FILE)) {
        networks.save(out);
      }
      writer.commit(null);
    }
  }

  public static EvaluatorSettings settings(Path workDir) {
    return new EvaluatorSettings(
        Device.cpu(),
        8,
        6,
        workDir,
        io.xmcgan.storage.StorageSettings.DEFAULTS,
        java.time.Clock.systemUTC());
  }
}
