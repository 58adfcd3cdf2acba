package io.xmcgan.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics ({@code GET /metrics}, docs/serving.md): requests and their
 * latency by route and status, images generated, batches, the queue and the served step.
 */
final class ServeMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter images;
  private final DistributionSummary batchImages;
  private final DistributionSummary batchRequests;
  private final Timer batchSeconds;
  private final AtomicLong step = new AtomicLong(-1);

  ServeMetrics() {
    images =
        Counter.builder("xmcgan.serve.images.generated")
            .description("Images the generator made")
            .register(registry);
    batchImages =
        DistributionSummary.builder("xmcgan.serve.batch.images")
            .description("Images per generator forward pass")
            .register(registry);
    batchRequests =
        DistributionSummary.builder("xmcgan.serve.batch.requests")
            .description("Requests sharing one generator forward pass")
            .register(registry);
    batchSeconds =
        Timer.builder("xmcgan.serve.batch")
            .description("Text encoding plus generator forward pass of one batch")
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder("xmcgan.serve.model.step", step, AtomicLong::get)
        .description("Checkpoint step being served (-1 while loading)")
        .register(registry);
  }

  void queueDepth(Supplier<Number> depth) {
    Gauge.builder("xmcgan.serve.queue.depth", depth)
        .description("Requests waiting for the generator")
        .register(registry);
  }

  void modelLoaded(long servedStep) {
    step.set(servedStep);
  }

  /** One finished HTTP request. */
  void request(String route, int status, long nanos) {
    String code = Integer.toString(status);
    Counter.builder("xmcgan.serve.requests")
        .description("HTTP requests by route and status")
        .tags("route", route, "status", code)
        .register(registry)
        .increment();
    Timer.builder("xmcgan.serve.request")
        .description("HTTP request latency by route and status")
        .tags("route", route, "status", code)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  void batch(int requests, int imageCount, double seconds) {
    images.increment(imageCount);
    batchImages.record(imageCount);
    batchRequests.record(requests);
    batchSeconds.record(Duration.ofNanos((long) (seconds * 1e9)));
  }

  /** The Prometheus text exposition of every metric. */
  String scrape() {
    return registry.scrape();
  }
}
