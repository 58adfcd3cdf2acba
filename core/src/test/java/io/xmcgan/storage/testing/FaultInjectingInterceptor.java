package io.xmcgan.storage.testing;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Counts the HTTP requests a store sends and answers the next {@link #failNext(int)} of them with
 * an S3 "503 SlowDown" error without reaching the server. Install it with {@link #httpClient()}.
 */
public final class FaultInjectingInterceptor implements Interceptor {

  private static final String SLOW_DOWN =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
          + "<Message>Please reduce your request rate.</Message></Error>";

  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();
  private final AtomicInteger toFail = new AtomicInteger();

  public void failNext(int count) {
    toFail.set(count);
  }

  public int requestCount() {
    return requests.get();
  }

  public int injectedFailures() {
    return injected.get();
  }

  public void resetCounts() {
    requests.set(0);
    injected.set(0);
  }

  public OkHttpClient httpClient() {
    return new OkHttpClient.Builder().addInterceptor(this).build();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    requests.incrementAndGet();
    if (toFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      injected.incrementAndGet();
      return new Response.Builder()
          .request(chain.request())
          .protocol(Protocol.HTTP_1_1)
          .code(503)
          .message("Service Unavailable")
          .header("Content-Type", "application/xml")
          .body(ResponseBody.create(SLOW_DOWN, MediaType.get("application/xml")))
          .build();
    }
    return chain.proceed(chain.request());
  }
}
