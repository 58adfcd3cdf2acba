package io.xmcgan.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A bounded queue in front of the generator and the one thread that runs it. The worker takes the
 * oldest request and every request waiting behind it while their images fit one forward pass
 * ({@link ServeLimits#maxBatchImages}), so concurrent requests share the generator's batch; a
 * request that finds the queue full is refused rather than held in memory.
 */
final class GenerationQueue<R> implements AutoCloseable {

  /** A request and what the generator makes of it. */
  record Job<R>(GenerateRequest request, CompletableFuture<R> result) {}

  private final BlockingQueue<Job<R>> waiting;
  private final int maxBatchImages;
  private final Function<List<GenerateRequest>, List<R>> generator;
  private final ServeMetrics metrics;
  private final Thread worker;
  private volatile double secondsPerImage = 0.05;
  private volatile boolean closed;

  GenerationQueue(
      ServeLimits limits,
      Function<List<GenerateRequest>, List<R>> generator,
      ServeMetrics metrics) {
    this.waiting = new ArrayBlockingQueue<>(limits.queueCapacity());
    this.maxBatchImages = limits.maxBatchImages();
    this.generator = generator;
    this.metrics = metrics;
    metrics.queueDepth(waiting::size);
    this.worker = new Thread(this::work, "xmcgan-generator");
    worker.setDaemon(true);
    worker.start();
  }

  /** What the generator will make of the request, or empty when the queue is full. */
  Optional<CompletableFuture<R>> offer(GenerateRequest request) {
    Job<R> job = new Job<>(request, new CompletableFuture<>());
    return !closed && waiting.offer(job) ? Optional.of(job.result()) : Optional.empty();
  }

  /**
   * Seconds until the queue has room again, for {@code Retry-After}: the waiting images at the
   * recent generation speed, at least 1.
   */
  long retryAfterSeconds() {
    int images = 0;
    for (Job<R> job : waiting) {
      images += job.request().images();
    }
    return Math.max(1, (long) Math.ceil(images * secondsPerImage));
  }

  private void work() {
    while (!closed) {
      List<Job<R>> batch = new ArrayList<>();
      try {
        batch.add(waiting.take());
      } catch (InterruptedException e) {
        return;
      }
      int images = batch.get(0).request().images();
      Job<R> next;
      while ((next = waiting.peek()) != null
          && images + next.request().images() <= maxBatchImages) {
        batch.add(waiting.poll());
        images += next.request().images();
      }
      run(batch, images);
    }
  }

  private void run(List<Job<R>> batch, int images) {
    long start = System.nanoTime();
    try {
      List<R> results = generator.apply(batch.stream().map(Job::request).toList());
      double seconds = (System.nanoTime() - start) / 1e9;
      secondsPerImage = 0.8 * secondsPerImage + 0.2 * seconds / images;
      metrics.batch(batch.size(), images, seconds);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(results.get(i));
      }
    } catch (RuntimeException | Error e) {
      for (Job<R> job : batch) {
        job.result().completeExceptionally(e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    Job<R> job;
    while ((job = waiting.poll()) != null) {
      job.result().completeExceptionally(new IllegalStateException("the server is stopping"));
    }
  }
}
