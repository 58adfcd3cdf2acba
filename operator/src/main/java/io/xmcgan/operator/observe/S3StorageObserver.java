package io.xmcgan.operator.observe;

import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.RetryPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Reads an experiment's storage through core's {@link ObjectStore}. Retries are short: a reconcile
 * must not hold a worker thread for long, the next poll tries again anyway. Stores stay open
 * between reconciles (see {@link ObjectStoreCache}).
 */
@ApplicationScoped
public class S3StorageObserver implements StorageObserver, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(S3StorageObserver.class);
  static final RetryPolicy OPERATOR_RETRY =
      new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(1), 2.0);

  /** One store per experiment root: room for eight times the 500 experiments we size for. */
  static final int OPEN_STORES = 4096;

  private final ObjectStoreCache stores = new ObjectStoreCache(OPEN_STORES);

  @Override
  public StorageSnapshot observe(StorageTarget target) {
    ResolvedExperiment experiment = target.experiment();
    StorageLocation location = target.location();
    try {
      ObjectStore store = stores.get(location.root(), location.settings());
      return ExperimentStorageReader.read(store, experiment);
    } catch (IOException | RuntimeException e) {
      LOG.debugf(e, "storage of %s/%s", experiment.namespace(), experiment.name());
      return StorageSnapshot.unavailable(StorageFailures.reading(e, location));
    }
  }

  @PreDestroy
  @Override
  public void close() {
    stores.close();
  }
}
