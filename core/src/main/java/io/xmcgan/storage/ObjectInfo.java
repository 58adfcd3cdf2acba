package io.xmcgan.storage;

import java.time.Instant;

/**
 * An object's metadata.
 *
 * @param key the key relative to the store's root
 * @param size the size in bytes
 * @param lastModified when the object became visible
 */
public record ObjectInfo(String key, long size, Instant lastModified) {}
