package io.xmcgan.operator.observe;

import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/** Deletes through core's {@link ObjectStore}; cleanups are rare, so each opens its own store. */
@ApplicationScoped
public class S3StorageCleaner implements StorageCleaner {

  @Override
  public int deleteAll(StorageLocation location) throws IOException {
    try (ObjectStore store = ObjectStores.open(location.root(), location.settings())) {
      int count = store.list("").size();
      store.deleteAll("");
      return count;
    }
  }
}
