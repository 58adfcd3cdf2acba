package io.xmcgan.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an operation again after transient failures, following a {@link RetryPolicy}. */
final class Retrier {

  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  /** An operation against the store; it throws {@link TransientFailure} when a retry may help. */
  interface Operation<T> {
    T run() throws IOException;
  }

  /** Marks a failure that a later attempt may not see (5xx, timeouts, reset connections). */
  static final class TransientFailure extends IOException {
    TransientFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final RetryPolicy policy;

  Retrier(RetryPolicy policy) {
    this.policy = policy;
  }

  /**
   * Runs {@code operation}; permanent failures propagate at once, transient ones are retried and
   * end as {@link StorageUnavailableException} naming {@code what} once the attempts are used up.
   */
  <T> T run(String what, Operation<T> operation) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return operation.run();
      } catch (TransientFailure failure) {
        if (attempt >= policy.maxAttempts()) {
          throw new StorageUnavailableException(
              what
                  + " failed after "
                  + attempt
                  + " attempt(s): "
                  + failure.getMessage()
                  + ". The store is unreachable or overloaded; check that the endpoint is right"
                  + " and the server is up, then retry.",
              attempt,
              failure.getCause());
        }
        Duration wait = policy.backoffAfter(attempt);
        LOG.warn(
            "{}: transient failure on attempt {}/{} ({}); retrying in {} ms",
            what,
            attempt,
            policy.maxAttempts(),
            failure.getMessage(),
            wait.toMillis());
        sleep(wait);
      }
    }
  }

  private static void sleep(Duration wait) throws InterruptedIOException {
    try {
      Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry a storage operation");
    }
  }
}
