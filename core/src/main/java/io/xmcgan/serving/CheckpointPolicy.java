package io.xmcgan.serving;

import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Which checkpoint a server serves (docs/serving.md): {@code best-fid} (the evaluated checkpoint
 * with the lowest FID), {@code latest} (the newest complete checkpoint) or a step number. {@code
 * xmcgan serve --checkpoint} and {@code spec.serving.checkpoint} both take this text.
 */
public record CheckpointPolicy(Kind kind, long step) {

  public static final String BEST_FID = "best-fid";
  public static final String LATEST = "latest";

  /** What {@code spec.serving.checkpoint} and {@code --checkpoint} default to. */
  public static final CheckpointPolicy DEFAULT = new CheckpointPolicy(Kind.BEST_FID, -1);

  /** The accepted values, as an error message and the CRD describe them. */
  public static final String GRAMMAR = "best-fid, latest or a checkpoint step such as 2000";

  /** The accepted text, also the CRD schema's pattern of {@code spec.serving.checkpoint}. */
  public static final String PATTERN = "^(best-fid|latest|[0-9]{1,8})$";

  private static final Pattern ACCEPTED = Pattern.compile(PATTERN);

  public enum Kind {
    BEST_FID,
    LATEST,
    STEP
  }

  /** Parses a policy; the message of a failure names the accepted values. */
  public static CheckpointPolicy parse(String text) {
    if (text == null) {
      return DEFAULT;
    }
    if (!ACCEPTED.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "checkpoint '" + text + "' is not a checkpoint policy; use " + GRAMMAR);
    }
    return switch (text) {
      case BEST_FID -> DEFAULT;
      case LATEST -> new CheckpointPolicy(Kind.LATEST, -1);
      default -> new CheckpointPolicy(Kind.STEP, Long.parseLong(text));
    };
  }

  /**
   * The step to serve.
   *
   * @param latest the newest complete checkpoint, if any
   * @param fidByStep the FID of every evaluated checkpoint that still exists
   * @return empty while no checkpoint fits the policy (nothing written or evaluated yet, or the
   *     pinned step not reached)
   */
  public OptionalLong choose(OptionalLong latest, Map<Long, Double> fidByStep) {
    return switch (kind) {
      case LATEST -> latest;
      case STEP ->
          latest.isPresent() && latest.getAsLong() >= step
              ? OptionalLong.of(step)
              : OptionalLong.empty();
      case BEST_FID -> bestFid(fidByStep);
    };
  }

  /** The lowest FID; of equal ones the later step, which trained longer. */
  private static OptionalLong bestFid(Map<Long, Double> fidByStep) {
    long best = -1;
    double bestFid = Double.POSITIVE_INFINITY;
    for (Map.Entry<Long, Double> entry : fidByStep.entrySet()) {
      double fid = entry.getValue();
      long step = entry.getKey();
      if (Double.isFinite(fid) && (fid < bestFid || (fid == bestFid && step > best))) {
        best = step;
        bestFid = fid;
      }
    }
    return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
  }

  /** The text form {@link #parse} reads. */
  public String text() {
    return switch (kind) {
      case BEST_FID -> BEST_FID;
      case LATEST -> LATEST;
      case STEP -> Long.toString(step);
    };
  }
}
