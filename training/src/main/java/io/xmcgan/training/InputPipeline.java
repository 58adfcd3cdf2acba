package io.xmcgan.training;

import io.xmcgan.storage.ObjectStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The training input stream: records in each epoch's {@link EpochOrder}, epochs one after the other
 * without end (the reference repeats before batching, so a step may span two epochs), decoded by
 * {@link ExampleDecoder} on a pool of threads and stacked into the batches of whole steps by an
 * assembler thread. Both hand-offs are bounded queues, so host memory stays at a few steps' worth
 * while the training loop only takes ready steps.
 */
public final class InputPipeline implements AutoCloseable {

  /**
   * @param seed the experiment seed (data order, captions, flips and noise derive from it)
   * @param shuffleBuffer records in the shuffle buffer (the reference uses 1000)
   * @param batchSize examples per replica per sub-step
   * @param subSteps sub-steps per step (D steps per G step)
   * @param replicas devices training in parallel
   * @param decodeThreads threads decoding PNGs and building examples
   * @param prefetchSteps complete steps kept ready ahead of the loop
   */
  public record Settings(
      long seed,
      int shuffleBuffer,
      int imageSize,
      int tokens,
      int textDim,
      int zDim,
      int batchSize,
      int subSteps,
      int replicas,
      int decodeThreads,
      int prefetchSteps) {

    int examplesPerStep() {
      return batchSize * subSteps * replicas;
    }
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ObjectStore store;
  private final ShardSet shards;
  private final Settings settings;
  private final ExampleDecoder decoder;
  private final ExecutorService decodePool;
  private final BlockingQueue<Pending> decoded;
  private final BlockingQueue<Ready> steps;
  private final Thread reader;
  private final Thread assembler;
  private final AtomicLong waitNanos = new AtomicLong();
  private volatile boolean closed;

  private record Pending(DataPosition next, CompletableFuture<TrainingExample> example) {}

  private record Ready(StepInputs step, Throwable failure) {}

  public InputPipeline(ObjectStore store, ShardSet shards, Settings settings, DataPosition start) {
    this.store = store;
    this.shards = shards;
    this.settings = settings;
    this.decoder =
        new ExampleDecoder(
            settings.seed(),
            settings.imageSize(),
            settings.tokens(),
            settings.textDim(),
            settings.zDim());
    int id = THREADS.incrementAndGet();
    this.decodePool =
        Executors.newFixedThreadPool(
            settings.decodeThreads(), runnable -> daemon(runnable, "xmcgan-decode-" + id));
    this.decoded = new ArrayBlockingQueue<>(settings.examplesPerStep() * settings.prefetchSteps());
    this.steps = new ArrayBlockingQueue<>(settings.prefetchSteps());
    this.reader = daemon(() -> read(start), "xmcgan-read-" + id);
    this.assembler = daemon(this::assemble, "xmcgan-batch-" + id);
    reader.start();
    assembler.start();
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * The next step's data, waiting if it is not ready yet.
   *
   * @throws TrainingDataException when the data turned out to be unusable
   * @throws IOException when reading a shard failed (e.g. storage unavailable after retries)
   */
  public StepInputs next() throws IOException, InterruptedException {
    long started = System.nanoTime();
    Ready ready = steps.take();
    waitNanos.addAndGet(System.nanoTime() - started);
    if (ready.failure() != null) {
      steps.put(ready);
      throw rethrow(ready.failure());
    }
    return ready.step();
  }

  /** Total time {@link #next} spent waiting for data since the pipeline started. */
  public long waitNanos() {
    return waitNanos.get();
  }

  private static IOException rethrow(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException("input pipeline failed: " + cause, cause);
  }

  private void read(DataPosition start) {
    long epoch = start.epoch();
    int position = Math.toIntExact(start.index());
    try {
      while (!closed) {
        EpochOrder order = EpochOrder.of(shards, settings.seed(), epoch, settings.shuffleBuffer());
        if (position >= order.size()) {
          throw new TrainingDataException(
              "the checkpoint's data position "
                  + start
                  + " is beyond the "
                  + order.size()
                  + " records of the training split; the data changed since the checkpoint");
        }
        try (EpochRecords records = new EpochRecords(store, order, position)) {
          while (records.hasNext() && !closed) {
            byte[] record = records.next();
            DataPosition here = new DataPosition(epoch, position);
            DataPosition next = here.next(order.size());
            CompletableFuture<TrainingExample> example =
                CompletableFuture.supplyAsync(
                    () -> decoder.decode(record, here, "the training split"), decodePool);
            decoded.put(new Pending(next, example));
            position++;
          }
        }
        epoch++;
        position = 0;
      }
    } catch (InterruptedException | InterruptedIOException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      putUnlessClosed(decoded, new Pending(null, CompletableFuture.failedFuture(e)));
    }
  }

  private void assemble() {
    try {
      while (!closed) {
        List<List<HostBatch>> batches = new ArrayList<>(settings.subSteps());
        DataPosition next = null;
        for (int s = 0; s < settings.subSteps(); s++) {
          List<HostBatch> replicas = new ArrayList<>(settings.replicas());
          for (int r = 0; r < settings.replicas(); r++) {
            List<TrainingExample> examples = new ArrayList<>(settings.batchSize());
            for (int i = 0; i < settings.batchSize(); i++) {
              Pending pending = decoded.take();
              examples.add(pending.example().join());
              next = pending.next();
            }
            replicas.add(
                HostBatch.stack(
                    examples,
                    settings.imageSize(),
                    settings.tokens(),
                    settings.textDim(),
                    settings.zDim()));
          }
          batches.add(replicas);
        }
        steps.put(new Ready(new StepInputs(batches, next), null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      putUnlessClosed(steps, new Ready(null, e));
    }
  }

  /** Hands a failure on in order; the consumer drains what is ahead of it, so put returns. */
  private <T> void putUnlessClosed(BlockingQueue<T> queue, T item) {
    try {
      if (!closed) {
        queue.put(item);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    assembler.interrupt();
    decodePool.shutdownNow();
    try {
      reader.join(10_000);
      assembler.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
