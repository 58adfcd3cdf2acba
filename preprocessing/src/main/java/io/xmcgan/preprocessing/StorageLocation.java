package io.xmcgan.preprocessing;

import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * A file given by URI ({@code s3://bucket/key}, {@code file:///path} or a plain path), split into
 * the store holding it and its key there.
 */
record StorageLocation(String uri, String storeRoot, String key) {

  static StorageLocation of(String uri) {
    if (!uri.contains("://")) {
      Path path = Path.of(uri).toAbsolutePath().normalize();
      Path parent = path.getParent();
      return new StorageLocation(uri, parent.toString(), path.getFileName().toString());
    }
    URI parsed = URI.create(uri);
    String path = parsed.getPath() == null ? "" : parsed.getPath();
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    if (name.isEmpty()) {
      throw new IllegalArgumentException(uri + " names a folder; give the URI of a file");
    }
    return new StorageLocation(uri, uri.substring(0, uri.length() - name.length()), name);
  }

  ObjectStore openStore(StorageSettings settings) {
    return ObjectStores.open(storeRoot, settings);
  }

  /** Opens a folder URI (e.g. the images prefix) as a store. */
  static ObjectStore openFolder(String uri, StorageSettings settings) throws IOException {
    return ObjectStores.open(uri, settings);
  }
}
