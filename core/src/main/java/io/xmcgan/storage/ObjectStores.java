package io.xmcgan.storage;

import java.net.URI;
import java.nio.file.Path;

/** Opens the right {@link ObjectStore} for a storage URI. */
public final class ObjectStores {

  private ObjectStores() {}

  /**
   * Opens {@code s3://bucket/prefix} as an {@link S3ObjectStore} with {@code settings}, and {@code
   * file:///dir} (or a plain path) as a {@link LocalObjectStore}.
   */
  public static ObjectStore open(String location, StorageSettings settings) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException(
          "storage location must not be empty; use s3://bucket/prefix or file:///dir");
    }
    if (!location.contains("://")) {
      return new LocalObjectStore(Path.of(location));
    }
    return open(URI.create(location), settings);
  }

  public static ObjectStore open(URI uri, StorageSettings settings) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    switch (scheme) {
      case "s3":
        if (uri.getAuthority() == null || uri.getAuthority().isBlank()) {
          throw new IllegalArgumentException(
              "storage URI '" + uri + "' has no bucket; use s3://bucket/prefix");
        }
        return new S3ObjectStore(uri.getAuthority(), uri.getPath(), settings);
      case "file":
        return new LocalObjectStore(Path.of(uri));
      default:
        throw new IllegalArgumentException(
            "storage URI '"
                + uri
                + "' has unsupported scheme '"
                + scheme
                + "'; use s3://bucket/prefix or file:///dir");
    }
  }
}
