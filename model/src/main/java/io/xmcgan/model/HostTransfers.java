package io.xmcgan.model;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the two kinds of host traffic that stall a GPU inside a training step: a scalar made on
 * the host and copied to the device (every {@code NDArray op Number} in DJL does this, with a
 * synchronising copy), and a read of device values by the host. The model and trainer make scalars
 * only through {@link Ops#constant} and read values only through {@link #read}, so these counters
 * see all of it; a test keeps other routes out of the code (docs/training.md, "Host
 * synchronisation").
 */
public final class HostTransfers {

  private static final AtomicLong SCALAR_UPLOADS = new AtomicLong();
  private static final AtomicLong HOST_READS = new AtomicLong();

  private HostTransfers() {}

  /** The counts so far in this process. */
  public static Count count() {
    return new Count(SCALAR_UPLOADS.get(), HOST_READS.get());
  }

  static void scalarUploaded() {
    SCALAR_UPLOADS.incrementAndGet();
  }

  /** Records one device-to-host read; call it where values are read, once per transfer. */
  public static void read() {
    HOST_READS.incrementAndGet();
  }

  /** Scalar uploads and host reads. */
  public record Count(long scalarUploads, long hostReads) {

    public Count since(Count earlier) {
      return new Count(scalarUploads - earlier.scalarUploads, hostReads - earlier.hostReads);
    }

    /** Both kinds: each is one host synchronisation on a GPU. */
    public long synchronisations() {
      return scalarUploads + hostReads;
    }
  }
}
