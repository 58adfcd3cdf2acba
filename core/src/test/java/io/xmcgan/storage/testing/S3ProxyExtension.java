package io.xmcgan.storage.testing;

import io.xmcgan.storage.S3ObjectStore;
import io.xmcgan.storage.StorageSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one {@link InProcessS3Server} per test class:
 *
 * <pre>
 * &#64;RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();
 * ... S3.server().newStore("experiments/") ...
 * </pre>
 */
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback {

  private InProcessS3Server server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = InProcessS3Server.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
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
