package io.xmcgan.operator.workloads;

import io.xmcgan.stage.Stage;
import io.xmcgan.storage.StorageLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names and labels of an experiment's children. A Job's name is a function of the experiment's
 * name, the run, the stage and the attempt number; attempt numbers are counted in the status and
 * never reused within a run, so a new Job never takes the name of one still being deleted, and a
 * restarted operator finds (and never duplicates) what it created.
 */
public final class ChildNames {

  public static final String MANAGED_BY_KEY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "xmcgan-operator";
  public static final String PART_OF_KEY = "app.kubernetes.io/part-of";
  public static final String EXPERIMENT_LABEL = "xmcgan.io/experiment";
  public static final String STAGE_LABEL = "xmcgan.io/stage";
  public static final String ATTEMPT_LABEL = "xmcgan.io/attempt";
  public static final String RUN_LABEL = "xmcgan.io/run";
  public static final String CONFIG_STAGE = "config";

  /** The stage label of the serving Deployment, its pods and its Service. */
  public static final String SERVE_STAGE = "serve";

  /**
   * Annotation on each Job: a digest of the spec it was created with (runPolicy left out, it never
   * reaches a pod), so that a running Job started before a change is recognised.
   */
  public static final String SPEC_HASH_ANNOTATION = "xmcgan.io/spec-hash";

  /** Selects every child of every experiment: the informers cache nothing else. */
  public static final String MANAGED_SELECTOR = MANAGED_BY_KEY + "=" + MANAGED_BY;

  /** A Job's name is also a label value on its pods, which Kubernetes limits to 63 characters. */
  static final int MAX_NAME = 63;

  private ChildNames() {}

  public static String configMap(String experiment) {
    return fit(experiment, "-config");
  }

  /** The serving Deployment and its Service: {@code <experiment>-serve}. */
  public static String serving(String experiment) {
    return fit(experiment, "-" + SERVE_STAGE);
  }

  /**
   * {@code <experiment>-<stage>-<attempt>}; after a restartNonce change the run is part of the name
   * ({@code <experiment>-<stage>-<run>-<attempt>}), so new Jobs never collide with old ones still
   * being deleted.
   */
  public static String job(String experiment, Stage stage, int attempt, String run) {
    String runPart =
        StorageLayout.FIRST_RUN.equals(run)
            ? ""
            : "-" + run.substring(0, Math.min(5, run.length()));
    return fit(experiment, "-" + stage.label() + runPart + "-" + attempt);
  }

  /** Labels shared by every child of the experiment (used by selectors and {@code kubectl}). */
  public static Map<String, String> labels(String experiment, String stage, String run) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY_KEY, MANAGED_BY);
    labels.put(PART_OF_KEY, "xmcgan");
    labels.put(EXPERIMENT_LABEL, fit(experiment, ""));
    labels.put(STAGE_LABEL, stage);
    labels.put(RUN_LABEL, run);
    return labels;
  }

  public static Map<String, String> jobLabels(
      String experiment, Stage stage, int attempt, String run) {
    Map<String, String> labels = labels(experiment, stage.label(), run);
    labels.put(ATTEMPT_LABEL, Integer.toString(attempt));
    return labels;
  }

  private static String fit(String base, String suffix) {
    if (base.length() + suffix.length() <= MAX_NAME) {
      return base + suffix;
    }
    String digest = hash(base, 6);
    String head = base.substring(0, MAX_NAME - suffix.length() - digest.length() - 1);
    while (head.endsWith("-") || head.endsWith(".")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "-" + digest + suffix;
  }

  /** The first {@code length} hex digits of the text's SHA-256. */
  public static String hash(String text, int length) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, length);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
