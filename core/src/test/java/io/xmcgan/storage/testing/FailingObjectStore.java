package io.xmcgan.storage.testing;

import io.xmcgan.storage.ObjectInfo;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.PendingObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Simulates a process that dies during a sequence of writes: the {@code failAt}-th mutating call
 * (create, write, commit or delete) and every one after it throw, leaving the underlying store as a
 * crash at that point would. Reads pass through.
 */
public final class FailingObjectStore implements ObjectStore {

  private final ObjectStore delegate;
  private final int failAt;
  private int mutations;

  public FailingObjectStore(ObjectStore delegate, int failAt) {
    this.delegate = delegate;
    this.failAt = failAt;
  }

  /** Mutating calls seen so far, including the failing ones. */
  public int mutations() {
    return mutations;
  }

  public boolean crashed() {
    return mutations >= failAt;
  }

  private void mutation(String what) throws IOException {
    mutations++;
    if (mutations >= failAt) {
      throw new IOException("injected crash at mutation " + mutations + " (" + what + ")");
    }
  }

  @Override
  public URI root() {
    return delegate.root();
  }

  @Override
  public InputStream read(String key) throws IOException {
    return delegate.read(key);
  }

  @Override
  public PendingObject create(String key) throws IOException {
    mutation("create " + key);
    PendingObject pending = delegate.create(key);
    return new PendingObject() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        mutation("write " + key);
        pending.write(b, off, len);
      }

      @Override
      public void commit() throws IOException {
        mutation("commit " + key);
        pending.commit();
      }

      @Override
      public void close() throws IOException {
        pending.close();
      }
    };
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    return delegate.stat(key);
  }

  @Override
  public List<ObjectInfo> list(String prefix) throws IOException {
    return delegate.list(prefix);
  }

  @Override
  public void delete(String key) throws IOException {
    mutation("delete " + key);
    delegate.delete(key);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
