package io.xmcgan.operator.observe;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server that answers every request with one fixed status, content type and body: an
 * endpoint a user named that is not the S3 store it claims to be, or one that puts text of its own
 * into its error answers.
 */
public final class HostileEndpoint implements AutoCloseable {

  /** Text the answers carry that must never reach a status or an event. */
  public static final String LEAK = "internal-token-7f3a";

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status;
  private volatile String contentType;
  private volatile String body;

  private HostileEndpoint(HttpServer server) {
    this.server = server;
  }

  public static HostileEndpoint start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    HostileEndpoint endpoint = new HostileEndpoint(server);
    endpoint.answer(502, "text/html", "<html>bad gateway</html>");
    server.createContext(
        "/",
        exchange -> {
          endpoint.requests.incrementAndGet();
          byte[] bytes = endpoint.body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", endpoint.contentType);
          boolean head = "HEAD".equals(exchange.getRequestMethod());
          exchange.sendResponseHeaders(endpoint.status, head ? -1 : bytes.length);
          if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
          exchange.close();
        });
    server.start();
    return endpoint;
  }

  /** From now on every request gets this answer. */
  public void answer(int status, String contentType, String body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  /** An S3 error document with the given code whose message carries {@link #LEAK}. */
  public void s3Error(int status, String code) {
    answer(
        status,
        "application/xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + code
            + "</Code><Message>"
            + LEAK
            + " is the key of the internal service</Message><Resource>/b</Resource>"
            + "<RequestId>1</RequestId></Error>");
  }

  /** How many requests reached the endpoint. */
  public int requests() {
    return requests.get();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
