package io.xmcgan.cli;

import ai.djl.Device;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.checkpoint.CheckpointWriter;
import io.xmcgan.evaluation.CheckpointNetworks;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.storage.ObjectStore;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./bench serve [requests] [seconds] [MANIFEST]} (docs/serving.md): {@code xmcgan serve}
 * from the packaged jar in its own process on a loopback port, with 2 PyTorch threads. Latency
 * p50/p99 of 1 caption x 4 images one request at a time, then throughput with 8 concurrent clients
 * for a bounded time, the mean requests per generator batch, and the server's resident memory.
 * Without a manifest it serves a checkpoint of the shapes quickstart's model with seeded weights
 * (speed does not depend on the values); with one, that experiment's latest checkpoint.
 */
public final class ServeBenchmark {

  private static final Path JAR = Path.of("cli", "target", "xmcgan-cli.jar").toAbsolutePath();
  private static final Path QUICKSTART = Path.of("manifests", "samples", "shapes-quickstart.yaml");
  private static final Pattern SERVING = Pattern.compile("serving \\S+ step \\d+ .* at (\\S+)");
  private static final int CLIENTS = 8;
  private static final String REQUEST =
      "{\"captions\": [\"a large red circle\"], \"imagesPerCaption\": 4, \"seed\": %d}";

  private ServeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Path work = Files.createTempDirectory("serve-bench");
    Path manifest = args.length > 2 ? Path.of(args[2]).toAbsolutePath() : quickstartModel(work);
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_threads=2",
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-jar",
            JAR.toString(),
            "serve",
            manifest.toString(),
            "--port",
            "0",
            "--checkpoint",
            "latest");
    Process server =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectOutput(work.resolve("serve.out").toFile())
            .redirectError(work.resolve("serve.err").toFile())
            .start();
    try {
      String url = awaitUrl(server, work.resolve("serve.out"));
      HttpClient http = HttpClient.newHttpClient();
      System.out.println(Files.readString(work.resolve("serve.out")).strip());
      for (int i = 0; i < 10; i++) {
        post(http, url, i);
      }
      List<Double> alone = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      for (int i = 0; i < requests && System.nanoTime() < deadline; i++) {
        alone.add(post(http, url, i));
      }
      System.out.printf(
          "1 client, 1 caption x 4 images: %d requests, p50 %.1f ms, p99 %.1f ms%n",
          alone.size(), percentile(alone, 50), percentile(alone, 99));

      double batchesBefore = metric(http, url, "xmcgan_serve_batch_requests_count");
      double batchedBefore = metric(http, url, "xmcgan_serve_batch_requests_sum");
      List<Double> loaded = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger refused = new AtomicInteger();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      long start = System.nanoTime();
      long stop = start + TimeUnit.SECONDS.toNanos(seconds);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        running.add(
            clients.submit(
                () -> {
                  for (int i = 0; System.nanoTime() < stop && i < requests; i++) {
                    double ms = post(http, url, client * 100_000 + i);
                    if (ms < 0) {
                      refused.incrementAndGet();
                    } else {
                      loaded.add(ms);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      clients.shutdown();
      double batches = metric(http, url, "xmcgan_serve_batch_requests_count") - batchesBefore;
      double batched = metric(http, url, "xmcgan_serve_batch_requests_sum") - batchedBefore;
      System.out.printf(
          "%d clients: %d requests in %.1f s = %.1f requests/s, %.1f images/s; p50 %.1f ms, p99"
              + " %.1f ms; %.2f requests per generator batch; %d refused (503)%n",
          CLIENTS,
          loaded.size(),
          elapsed,
          loaded.size() / elapsed,
          4 * loaded.size() / elapsed,
          percentile(loaded, 50),
          percentile(loaded, 99),
          batched / batches,
          refused.get());
      String status = Files.readString(Path.of("/proc", Long.toString(server.pid()), "status"));
      System.out.printf(
          "server memory: resident %s, peak resident %s%n",
          field(status, "VmRSS"), field(status, "VmHWM"));
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The quickstart manifest with storage in {@code work} and one seeded checkpoint. */
  private static Path quickstartModel(Path work) throws Exception {
    String text = Files.readString(QUICKSTART);
    String withStorage =
        text.replaceFirst(
            "\nspec:\n", "\nspec:\n  storage:\n    uri: " + work.resolve("runs").toUri() + "\n");
    Path manifest = work.resolve("shapes-quickstart.yaml");
    Files.writeString(manifest, withStorage);
    ResolvedExperiment experiment = Experiments.resolve(manifest);
    try (ObjectStore store = Experiments.openStore(experiment);
        XmcGanNetworks networks = XmcGanNetworks.create(experiment.model(), Device.cpu(), 1);
        CheckpointWriter writer = new CheckpointStore(store).begin(1)) {
      try (OutputStream out = writer.open(CheckpointNetworks.FILE)) {
        networks.save(out);
      }
      writer.commit(null);
    }
    System.out.printf(
        "model: %s preset, %d px, gf %d, df %d (shapes quickstart, seeded weights)%n",
        experiment.model().preset(),
        experiment.model().imageSize(),
        experiment.model().gfDim(),
        experiment.model().dfDim());
    return manifest;
  }

  private static String awaitUrl(Process server, Path out) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("serve exited with " + server.exitValue());
      }
      Matcher serving = SERVING.matcher(Files.readString(out));
      if (serving.find()) {
        return serving.group(1);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("serve did not start in 180 s");
  }

  /** Milliseconds of one request, or -1 when it was refused with 503. */
  private static double post(HttpClient http, String url, long seed) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "v1/generate"))
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST.formatted(seed)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double ms = (System.nanoTime() - start) / 1e6;
    if (response.statusCode() == 503) {
      return -1;
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(response.statusCode() + ": " + response.body());
    }
    return ms;
  }

  private static double metric(HttpClient http, String url, String name) throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create(url + "metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return text.lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).strip()))
        .findFirst()
        .orElse(0);
  }

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static String field(String status, String name) {
    return status
        .lines()
        .filter(l -> l.startsWith(name + ":"))
        .map(l -> l.substring(name.length() + 1).strip())
        .findFirst()
        .orElse("?");
  }
}
