package io.xmcgan.storage.testing;

import io.xmcgan.storage.RetryPolicy;
import io.xmcgan.storage.S3ObjectStore;
import io.xmcgan.storage.StorageCredentials;
import io.xmcgan.storage.StorageSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 protocol server (s3proxy over the jclouds filesystem store) on 127.0.0.1 with a random
 * port, signing with {@link #ACCESS_KEY}/{@link #SECRET_KEY}. Objects live in a temporary directory
 * that {@link #close()} deletes.
 */
public final class InProcessS3Server implements AutoCloseable {

  public static final String ACCESS_KEY = "xmcgan-test-access";
  public static final String SECRET_KEY = "xmcgan-test-secret-key";

  /** Fast retries so tests of transient failures take milliseconds. */
  public static final RetryPolicy FAST_RETRY =
      new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20), 2.0);

  private final Path baseDir;
  private final BlobStoreContext context;
  private final S3Proxy proxy;

  private InProcessS3Server(Path baseDir, BlobStoreContext context, S3Proxy proxy) {
    this.baseDir = baseDir;
    this.context = context;
    this.proxy = proxy;
  }

  public static InProcessS3Server start() throws Exception {
    Path baseDir = Files.createTempDirectory("xmcgan-s3proxy");
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", baseDir.toString());
    BlobStoreContext context =
        ContextBuilder.newBuilder("filesystem")
            .overrides(properties)
            .buildView(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        throw new IllegalStateException("s3proxy did not start within 20 s");
      }
      Thread.sleep(5);
    }
    return new InProcessS3Server(baseDir, context, proxy);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  public BlobStore blobStore() {
    return context.getBlobStore();
  }

  /** Settings that reach this server with the right credentials and fast retries. */
  public StorageSettings settings() {
    return StorageSettings.DEFAULTS
        .withEndpoint(endpoint(), StorageSettings.DEFAULT_REGION, true)
        .withCredentials(new StorageCredentials(ACCESS_KEY, SECRET_KEY))
        .withRetry(FAST_RETRY)
        .withPartSize(StorageSettings.MIN_PART_SIZE);
  }

  /** Creates a bucket with a fresh name and returns the name. */
  public String createBucket() {
    String name = "test-" + UUID.randomUUID().toString().substring(0, 13);
    createBucket(name);
    return name;
  }

  public void createBucket(String name) {
    blobStore().createContainerInLocation(null, name);
  }

  /** A store on a new bucket under {@code prefix}, with {@link #settings()}. */
  public S3ObjectStore newStore(String prefix) {
    return new S3ObjectStore(createBucket(), prefix, settings());
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
      context.close();
    } finally {
      deleteRecursively(baseDir);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
