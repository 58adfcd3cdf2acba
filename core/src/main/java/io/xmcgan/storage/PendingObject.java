package io.xmcgan.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The bytes of an object being written. Nothing is visible under the key until {@link #commit()}
 * returns; {@link #close()} without a commit discards everything written, so an exception inside a
 * try-with-resources block never publishes a truncated object.
 */
public abstract class PendingObject extends OutputStream {

  /** Publishes the written bytes under the key, replacing any previous object, then closes. */
  public abstract void commit() throws IOException;

  /** Discards the written bytes unless {@link #commit()} already published them. */
  @Override
  public abstract void close() throws IOException;
}
