package io.xmcgan.training;

/**
 * Derives independent seeds from the experiment seed and a purpose, so that every random draw of
 * the trainer is a pure function of (seed, what, where) and a resumed run redraws the same values.
 */
final class Seeds {

  static final long SHUFFLE = 0x5348_5546L;
  static final long EXAMPLE = 0x4558_414dL;

  private Seeds() {}

  /** A well-mixed 64-bit value of the parts (SplitMix64's finaliser applied after each part). */
  static long mix(long... parts) {
    long h = 0x9E37_79B9_7F4A_7C15L;
    for (long part : parts) {
      h = finalise(h ^ finalise(part + 0x9E37_79B9_7F4A_7C15L));
    }
    return h;
  }

  private static long finalise(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}
