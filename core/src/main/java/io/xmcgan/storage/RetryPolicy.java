package io.xmcgan.storage;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter for transient storage failures.
 *
 * @param maxAttempts attempts in total, including the first (1 disables retries)
 * @param initialBackoff the upper bound of the first wait
 * @param maxBackoff the cap of any single wait
 * @param multiplier growth of the bound per attempt
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {

  /** 6 attempts over roughly 15 s at most: rides out a restarting MinIO pod or a 503 burst. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(8), 2.0);

  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "retry maxAttempts must be at least 1 (1 = no retries), got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException(
          "retry backoffs must not be negative, got initial="
              + initialBackoff
              + " max="
              + maxBackoff);
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException(
          "retry multiplier must be at least 1.0, got " + multiplier);
    }
  }

  /** The wait before attempt {@code attempt + 1}, drawn uniformly from [0, bound] (full jitter). */
  public Duration backoffAfter(int attempt) {
    double bound = initialBackoff.toNanos() * Math.pow(multiplier, attempt - 1);
    long capped = (long) Math.min(bound, maxBackoff.toNanos());
    return Duration.ofNanos(capped <= 0 ? 0 : ThreadLocalRandom.current().nextLong(capped + 1));
  }
}
