package io.xmcgan.storage;

import io.xmcgan.storage.testing.GeneratedInputStream;
import io.xmcgan.storage.testing.InProcessS3Server;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Upload and download throughput of one large object against the in-process S3 server (s3proxy on
 * 127.0.0.1, filesystem store). Usage: {@code StorageBenchmark [sizeMiB=256] [partSizeMiB=16]}.
 */
public final class StorageBenchmark {

  private StorageBenchmark() {}

  public static void main(String[] args) throws Exception {
    long sizeMiB = args.length > 0 ? Long.parseLong(args[0]) : 256;
    long partMiB = args.length > 1 ? Long.parseLong(args[1]) : 16;
    long size = sizeMiB * 1024 * 1024;
    try (InProcessS3Server server = InProcessS3Server.start()) {
      StorageSettings settings = server.settings().withPartSize(partMiB * 1024 * 1024);
      try (ObjectStore store = new S3ObjectStore(server.createBucket(), "bench/", settings)) {
        // Warm-up: connection pool, JIT, server threads.
        store.write("warmup.bin", new GeneratedInputStream(16L * 1024 * 1024, 1));

        long start = System.nanoTime();
        long written = store.write("object.bin", new GeneratedInputStream(size, 7));
        double uploadSeconds = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        long read;
        try (InputStream in = store.read("object.bin")) {
          read = in.transferTo(OutputStream.nullOutputStream());
        }
        double downloadSeconds = (System.nanoTime() - start) / 1e9;

        Runtime runtime = Runtime.getRuntime();
        System.out.printf(
            "object %d MiB, part %d MiB, max heap %d MiB%n",
            sizeMiB, partMiB, runtime.maxMemory() >> 20);
        System.out.printf(
            "upload:   %d bytes in %.2f s = %.1f MB/s%n",
            written, uploadSeconds, written / 1e6 / uploadSeconds);
        System.out.printf(
            "download: %d bytes in %.2f s = %.1f MB/s%n",
            read, downloadSeconds, read / 1e6 / downloadSeconds);
      }
    }
    System.exit(0);
  }
}
