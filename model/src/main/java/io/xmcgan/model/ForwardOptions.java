package io.xmcgan.model;

import ai.djl.util.PairList;

/**
 * Per-forward switches carried in DJL's {@code PairList} forward parameters, so that one network
 * can be run in the different training modes the reference's schedule needs.
 */
public final class ForwardOptions {

  /** Key: whether a training forward of batch norm writes its running statistics (Boolean). */
  public static final String UPDATE_BATCH_STATS = "xmcgan.updateBatchStats";

  /**
   * Key: whether a training forward of spectral norm reuses the power iteration of the previous
   * training forward instead of running a new one (Boolean). The second pass of the two-pass recipe
   * must see the same sigma as the first, as the reference's single forward does.
   */
  public static final String REUSE_POWER_ITERATION = "xmcgan.reusePowerIteration";

  private ForwardOptions() {}

  /** Training forward that updates BN statistics and runs a fresh power iteration. */
  public static PairList<String, Object> defaults() {
    return new PairList<>();
  }

  public static PairList<String, Object> of(boolean updateBatchStats, boolean reusePowerIteration) {
    PairList<String, Object> options = new PairList<>();
    options.add(UPDATE_BATCH_STATS, updateBatchStats);
    options.add(REUSE_POWER_ITERATION, reusePowerIteration);
    return options;
  }

  static boolean updateBatchStats(PairList<String, Object> options) {
    return flag(options, UPDATE_BATCH_STATS, true);
  }

  static boolean reusePowerIteration(PairList<String, Object> options) {
    return flag(options, REUSE_POWER_ITERATION, false);
  }

  private static boolean flag(PairList<String, Object> options, String key, boolean fallback) {
    if (options == null) {
      return fallback;
    }
    Object value = options.get(key);
    return value == null ? fallback : (Boolean) value;
  }
}
