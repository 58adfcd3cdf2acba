package io.xmcgan.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object-storage layout of one experiment (docs/storage-layout.md): every key the preprocessor,
 * trainer, evaluator and operator read or write, relative to the experiment root. Other code builds
 * keys only through this class.
 */
public final class StorageLayout {

  public static final String DATA_DIR = "data/";
  public static final String DATA_STATS_DIR = "data/stats/";
  public static final String CHECKPOINTS_DIR = "checkpoints/";
  public static final String CHECKPOINT_LATEST = "checkpoints/LATEST";
  public static final String CHECKPOINT_MANIFEST = "MANIFEST.json";
  public static final String PROGRESS = "progress.json";
  public static final String METRICS_DIR = "metrics/";
  public static final String SAMPLES_DIR = "samples/";
  public static final String TENSORBOARD_DIR = "tensorboard/";
  public static final String RUNS_DIR = "runs/";

  /** The run of an experiment without a restartNonce, whose root is the experiment root. */
  public static final String FIRST_RUN = "0";

  /** Steps are written with 8 digits so that key order is step order. */
  public static final long MAX_STEP = 99_999_999L;

  public static final int MAX_SHARDS = 99_999;

  private static final Pattern SPLIT = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern STEP_DIR = Pattern.compile("step-(\\d{8})");
  private static final Pattern CHECKPOINT_KEY = Pattern.compile("checkpoints/step-(\\d{8})/.*");
  private static final Pattern METRICS_KEY = Pattern.compile("metrics/step-(\\d{8})\\.json");

  private StorageLayout() {}

  /**
   * The experiment root for a storage location: {@code s3://bucket/prefix} gives {@code
   * s3://bucket/prefix/<namespace>/<name>/}; a local {@code file:///dir} or path gives {@code
   * <dir>/<name>/} (the local runner has no namespace).
   */
  public static String experimentRoot(String location, String namespace, String name) {
    checkSegment("experiment name", name);
    String base = location.endsWith("/") ? location : location + "/";
    if (base.startsWith("s3://")) {
      checkSegment("namespace", namespace);
      return base + namespace + "/" + name + "/";
    }
    return base + name + "/";
  }

  /**
   * The identity of the run a {@code spec.runPolicy.restartNonce} starts: {@value #FIRST_RUN}
   * without a nonce, otherwise the first 10 hex digits of the nonce's SHA-256 (a nonce may hold any
   * character; the identity is safe in keys and label values).
   */
  public static String runId(String restartNonce) {
    if (restartNonce == null || restartNonce.isEmpty()) {
      return FIRST_RUN;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(restartNonce.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * The root of one run's objects: the experiment root for {@value #FIRST_RUN}, otherwise {@code
   * <experiment root>runs/<run>/}. The keys below are relative to it; the first run's keys never
   * start with {@code runs/}, so the roots do not overlap and deleting the experiment root deletes
   * every run.
   */
  public static String runRoot(String experimentRoot, String runId) {
    checkSegment("run", runId);
    String base = experimentRoot.endsWith("/") ? experimentRoot : experimentRoot + "/";
    return FIRST_RUN.equals(runId) ? base : base + RUNS_DIR + runId + "/";
  }

  /** {@code data/<split>-NNNNN-of-MMMMM.tfrecord}, index counted from 0. */
  public static String dataShard(String split, int index, int count) {
    checkSplit(split);
    if (count < 1 || count > MAX_SHARDS || index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard index "
              + index
              + " of "
              + count
              + " is out of range (0 <= index < count <= 99999)");
    }
    return String.format("%s%s-%05d-of-%05d.tfrecord", DATA_DIR, split, index, count);
  }

  /** {@code data/<split>.manifest.json}, written after every shard of the split. */
  public static String dataManifest(String split) {
    checkSplit(split);
    return DATA_DIR + split + ".manifest.json";
  }

  /** {@code data/stats/<fileName>}: reference statistics of the real images (e.g. for FID). */
  public static String dataStats(String fileName) {
    checkSegment("stats file name", fileName);
    return DATA_STATS_DIR + fileName;
  }

  /** {@code checkpoints/step-NNNNNNNN/} (with the trailing slash). */
  public static String checkpointDir(long step) {
    return CHECKPOINTS_DIR + stepName(step) + "/";
  }

  public static String checkpointFile(long step, String fileName) {
    checkSegment("checkpoint file name", fileName);
    return checkpointDir(step) + fileName;
  }

  public static String checkpointManifest(long step) {
    return checkpointDir(step) + CHECKPOINT_MANIFEST;
  }

  /** {@code metrics/step-NNNNNNNN.json}. */
  public static String metrics(long step) {
    return METRICS_DIR + stepName(step) + ".json";
  }

  /** {@code samples/step-NNNNNNNN.png}. */
  public static String sample(long step) {
    return SAMPLES_DIR + stepName(step) + ".png";
  }

  /** The TensorBoard runs: one per writer, so each writer's scalars form one curve. */
  public enum TensorBoardRun {
    /** The trainer's losses, throughput and sample grids. */
    TRAIN("train"),
    /** The evaluator's scores and sample grids. */
    EVAL("eval");

    private final String dir;

    TensorBoardRun(String dir) {
      this.dir = dir;
    }
  }

  /** {@code tensorboard/<run>/}. */
  public static String tensorboardDir(TensorBoardRun run) {
    return TENSORBOARD_DIR + run.dir + "/";
  }

  /** {@code step-NNNNNNNN}. */
  public static String stepName(long step) {
    if (step < 0 || step > MAX_STEP) {
      throw new IllegalArgumentException(
          "step " + step + " is out of range; steps go from 0 to " + MAX_STEP);
    }
    return String.format("step-%08d", step);
  }

  /** The step of a {@code step-NNNNNNNN} name (an optional extension is ignored). */
  public static OptionalLong parseStepName(String name) {
    int dot = name.indexOf('.');
    Matcher matcher = STEP_DIR.matcher(dot < 0 ? name : name.substring(0, dot));
    return matcher.matches()
        ? OptionalLong.of(Long.parseLong(matcher.group(1)))
        : OptionalLong.empty();
  }

  /** The step of a key under {@code checkpoints/step-NNNNNNNN/}, empty for any other key. */
  public static OptionalLong checkpointStepOf(String key) {
    Matcher matcher = CHECKPOINT_KEY.matcher(key);
    return matcher.matches()
        ? OptionalLong.of(Long.parseLong(matcher.group(1)))
        : OptionalLong.empty();
  }

  /** The step of a {@code metrics/step-NNNNNNNN.json} key, empty for any other key. */
  public static OptionalLong metricsStepOf(String key) {
    Matcher matcher = METRICS_KEY.matcher(key);
    return matcher.matches()
        ? OptionalLong.of(Long.parseLong(matcher.group(1)))
        : OptionalLong.empty();
  }

  private static void checkSplit(String split) {
    if (split == null || !SPLIT.matcher(split).matches()) {
      throw new IllegalArgumentException(
          "split name '"
              + split
              + "' must be lower case letters, digits and '_' (e.g. train, val)");
    }
  }

  private static void checkSegment(String what, String value) {
    if (value == null
        || value.isBlank()
        || value.contains("/")
        || value.equals(".")
        || value.equals("..")) {
      throw new IllegalArgumentException(
          what + " '" + value + "' must be a non-empty name without '/'");
    }
  }
}
