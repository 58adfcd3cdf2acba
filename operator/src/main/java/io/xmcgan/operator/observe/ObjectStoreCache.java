package io.xmcgan.operator.observe;

import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.S3ObjectStore;
import io.xmcgan.storage.StorageSettings;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.jboss.logging.Logger;

/**
 * Keeps one open {@link ObjectStore} per experiment root and connection settings, all sharing one
 * HTTP client (one connection pool, one dispatcher). Opening a store per reconcile built a new HTTP
 * client each time; with hundreds of experiments polled every few seconds that was most of the
 * storage cost. Least recently used stores beyond {@code capacity} are closed, so deleted
 * experiments do not accumulate.
 */
final class ObjectStoreCache implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ObjectStoreCache.class);

  private record Key(String location, StorageSettings settings) {}

  private final OkHttpClient http = new OkHttpClient();
  private final int capacity;
  private final Map<Key, ObjectStore> stores;

  ObjectStoreCache(int capacity) {
    this.capacity = capacity;
    this.stores = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** The open store for {@code location}; callers must not close it. */
  ObjectStore get(String location, StorageSettings settings) {
    Key key = new Key(location, settings);
    List<ObjectStore> evicted = new ArrayList<>();
    ObjectStore store;
    synchronized (stores) {
      store = stores.get(key);
      if (store == null) {
        store = open(location, settings);
        stores.put(key, store);
        var oldest = stores.entrySet().iterator();
        while (stores.size() > capacity) {
          evicted.add(oldest.next().getValue());
          oldest.remove();
        }
      }
    }
    evicted.forEach(ObjectStoreCache::closeQuietly);
    return store;
  }

  int size() {
    synchronized (stores) {
      return stores.size();
    }
  }

  private ObjectStore open(String location, StorageSettings settings) {
    URI uri = URI.create(location);
    if ("s3".equalsIgnoreCase(uri.getScheme())
        && uri.getAuthority() != null
        && !uri.getAuthority().isBlank()) {
      return new S3ObjectStore(uri.getAuthority(), uri.getPath(), settings, http);
    }
    return ObjectStores.open(location, settings);
  }

  @Override
  public void close() {
    List<ObjectStore> all;
    synchronized (stores) {
      all = new ArrayList<>(stores.values());
      stores.clear();
    }
    all.forEach(ObjectStoreCache::closeQuietly);
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private static void closeQuietly(ObjectStore store) {
    try {
      store.close();
    } catch (IOException e) {
      LOG.debugf(e, "closing %s", store);
    }
  }
}
