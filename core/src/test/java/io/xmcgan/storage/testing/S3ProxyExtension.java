package io.xmcgan.storage.testing;

import io.xmcgan.storage.S3ObjectStore;
import io.xmcgan.storage.StorageSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts an {@link InProcessS3Server} with one empty bucket: per test class when registered as a
 * static field, per test when registered as an instance field.
 *
 * <pre>
 * &#64;RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();
 * ... S3.newStore("experiments/") ... S3.bucket() ...
 * </pre>
 */
public final class S3ProxyExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private InProcessS3Server server;
  private String bucket;
  private boolean perClass;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClass = true;
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  private void start() throws Exception {
    server = InProcessS3Server.start();
    bucket = server.createBucket();
  }

  private void stop() throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The bucket created with the server, empty at the start. */
  public String bucket() {
    server();
    return bucket;
  }

  public InProcessS3Server server() {
    if (server == null) {
      throw new IllegalStateException(
          "S3ProxyExtension is not started: register it as a static @RegisterExtension field");
    }
    return server;
  }

  public String endpoint() {
    return server().endpoint();
  }

  public StorageSettings settings() {
    return server().settings();
  }

  public S3ObjectStore newStore(String prefix) {
    return server().newStore(prefix);
  }
}
