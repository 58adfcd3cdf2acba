package io.xmcgan.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.evaluation.CheckpointEvaluator;
import io.xmcgan.evaluation.EvalTestData;
import io.xmcgan.evaluation.EvaluatorSettings;
import io.xmcgan.evaluation.ImageGenerator;
import io.xmcgan.evaluation.TextToImage;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.image.RgbImage;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.serving.CheckpointPolicy;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.StorageSettings;
import io.xmcgan.storage.files.EvaluationMetrics;
import io.xmcgan.text.CaptionEncoder;
import io.xmcgan.text.TextEncoderFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP API of {@code serve} on a real server on a loopback port, serving the best-FID one of
 * two checkpoints that the project's evaluator scored: images, errors naming the field, the queue
 * limit, batching, the model, the gallery, health and metrics.
 */
class ServeServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TWO_CAPTIONS =
      """
      {"captions": ["a large red circle", "a small blue square"], "imagesPerCaption": 2, "seed": 11}
      """;

  @TempDir static Path storage;
  @TempDir static Path workDir;

  private static ResolvedExperiment experiment;
  private static ObjectStore store;
  private static ServedModel model;
  private static ServeServer server;
  private static long bestFidStep;
  private static TextEncoderFiles encoderFiles;
  private static EvaluatorSettings settings;

  @BeforeAll
  static void serveAnEvaluatedExperiment() throws Exception {
    experiment =
        EvalTestData.experiment(storage, "numImages: 8\nrepeats: 1\ninceptionSplits: 1", 30);
    store = ObjectStores.open(experiment.storage().experimentUri(), StorageSettings.DEFAULTS);
    EvalTestData.writeValidation(store, experiment, 8, 9);
    EvalTestData.writeCheckpoint(store, experiment.model(), 10, 1);
    EvalTestData.writeCheckpoint(store, experiment.model(), 20, 2);
    settings = EvalTestData.settings(workDir);
    List<EvaluationMetrics> scored = new ArrayList<>();
    try (CheckpointEvaluator evaluator = new CheckpointEvaluator(experiment, store, settings)) {
      scored.add(evaluator.evaluate(10));
      scored.add(evaluator.evaluate(20));
    }
    bestFidStep =
        scored.stream()
            .min(Comparator.comparingDouble(EvaluationMetrics::fid))
            .orElseThrow()
            .step();
    encoderFiles =
        TextEncoderFiles.resolve(
            experiment.data(), StorageSettings.DEFAULTS, workDir.resolve("text-encoder"));
    model = ServedModel.load(experiment, store, settings, encoderFiles, CheckpointPolicy.DEFAULT);
    server = ServeServer.start("127.0.0.1", 0, ServeLimits.DEFAULTS, store, experiment.name());
    server.ready(model);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    model.close();
    store.close();
  }

  @Test
  void generateReturnsOnePngPerImageWithCaptionSeedAndStepAsTheGenerateCommandDrawsThem()
      throws Exception {
    HttpResponse<String> response = post(server, TWO_CAPTIONS);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("experiment").asText()).isEqualTo("eval-test");
    assertThat(body.get("checkpointStep").asLong()).isEqualTo(bestFidStep);
    assertThat(body.get("seed").asLong()).isEqualTo(11);
    assertThat(body.get("results")).hasSize(2);
    assertThat(body.get("results").get(1).get("caption").asText()).isEqualTo("a small blue square");
    List<RgbImage> served = images(body);
    assertThat(served).hasSize(4).allSatisfy(i -> assertThat(i.width()).isEqualTo(32));
    assertThat(served).allSatisfy(i -> assertThat(i.height()).isEqualTo(32));

    List<TextToImage.GeneratedImage> generated = generateCommandImages(11);
    for (int i = 0; i < 4; i++) {
      assertClose(served.get(i), generated.get(i).image());
    }
    assertThat(images(JSON.readTree(post(server, TWO_CAPTIONS).body())))
        .extracting(RgbImage::rgb)
        .containsExactlyElementsOf(served.stream().map(RgbImage::rgb).toList());
  }

  @Test
  void aRequestWithoutSeedGetsOneThatMakesTheSameImagesAgain() throws Exception {
    JsonNode first = JSON.readTree(post(server, "{\"captions\": [\"a green triangle\"]}").body());
    long seed = first.get("seed").asLong();
    assertThat(seed).isBetween(0L, ServeLimits.MAX_SEED);
    JsonNode again =
        JSON.readTree(
            post(server, "{\"captions\": [\"a green triangle\"], \"seed\": " + seed + "}").body());
    assertThat(images(again).get(0).rgb()).isEqualTo(images(first).get(0).rgb());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json | body",
        "[\"a red circle\"] | body",
        "{} | captions",
        "{\"captions\": []} | captions",
        "{\"captions\": \"a red circle\"} | captions",
        "{\"captions\": [\"\"]} | captions[0]",
        "{\"captions\": [\"a red circle\", \"   \"]} | captions[1]",
        "{\"captions\": [\"a\", 7]} | captions[1]",
        "{\"captions\": [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]} | captions",
        "{\"captions\": [\"a\"], \"imagesPerCaption\": 0} | imagesPerCaption",
        "{\"captions\": [\"a\"], \"imagesPerCaption\": 9} | imagesPerCaption",
        "{\"captions\": [\"a\"], \"imagesPerCaption\": \"2\"} | imagesPerCaption",
        "{\"captions\": [\"a\"], \"imagesPerCaption\": 1.5} | imagesPerCaption",
        "{\"captions\": [\"a\", \"b\", \"c\"], \"imagesPerCaption\": 6} | imagesPerCaption",
        "{\"captions\": [\"a\"], \"seed\": -1} | seed",
        "{\"captions\": [\"a\"], \"seed\": 9007199254740992} | seed",
        "{\"captions\": [\"a\"], \"seed\": \"7\"} | seed",
        "{\"captions\": [\"a\"], \"seed\": 2.5} | seed",
        "{\"captions\": [\"a\"], \"sed\": 3} | sed",
      })
  void badInputIsA400NamingTheField(String body, String field) throws Exception {
    HttpResponse<String> response = post(server, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("field").asText()).isEqualTo(field);
    assertThat(problem.get("error").asText()).isNotBlank();
  }

  @Test
  void captionsHaveADocumentedLengthLimitAndBodiesASizeLimit() throws Exception {
    int limit = ServeLimits.DEFAULTS.maxCaptionChars();
    assertThat(post(server, "{\"captions\": [\"" + "a".repeat(limit) + "\"]}").statusCode())
        .isEqualTo(200);
    HttpResponse<String> tooLong =
        post(server, "{\"captions\": [\"" + "a".repeat(limit + 1) + "\"]}");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("captions[0]", "at most " + limit);

    HttpResponse<String> huge = post(server, "{\"captions\": [\"" + "a".repeat(100_000) + "\"]}");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(huge.body()).get("field").asText()).isEqualTo("body");
  }

  @Test
  void aFullQueueIsRefusedWith503AndRetryAfterAndWaitingRequestsShareABatch() throws Exception {
    ServeLimits limits = ServeLimits.DEFAULTS.withQueue(2, 32);
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch firstTaken = new CountDownLatch(1);
    try (ServeServer gated = ServeServer.start("127.0.0.1", 0, limits, store, experiment.name())) {
      gated.ready(
          model.info(),
          requests -> {
            firstTaken.countDown();
            try {
              assertThat(gate.await(60, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            return model.generate(requests);
          });
      CompletableFuture<HttpResponse<String>> running = postAsync(gated, TWO_CAPTIONS);
      assertThat(firstTaken.await(30, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
      waiting.add(postAsync(gated, TWO_CAPTIONS));
      waiting.add(postAsync(gated, "{\"captions\": [\"a yellow circle\"], \"seed\": 11}"));
      awaitQueueDepth(gated, 2);

      HttpResponse<String> refused = post(gated, TWO_CAPTIONS);

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After"))
          .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
      gate.countDown();
      JsonNode alone = JSON.readTree(running.get(60, TimeUnit.SECONDS).body());
      JsonNode batched = JSON.readTree(waiting.get(0).get(60, TimeUnit.SECONDS).body());
      assertThat(waiting.get(1).get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      List<RgbImage> aloneImages = images(alone);
      List<RgbImage> batchedImages = images(batched);
      for (int i = 0; i < aloneImages.size(); i++) {
        assertClose(batchedImages.get(i), aloneImages.get(i));
      }
      String metrics = get(gated, "/metrics").body();
      assertThat(metric(metrics, "xmcgan_serve_batch_requests_count")).isEqualTo(2.0);
      assertThat(metric(metrics, "xmcgan_serve_batch_requests_max")).isEqualTo(2.0);
      assertThat(metric(metrics, "xmcgan_serve_images_generated_total")).isEqualTo(9.0);
      assertThat(
              metric(metrics, "xmcgan_serve_requests_total{route=\"/v1/generate\",status=\"503\"}"))
          .isEqualTo(1.0);
    }
  }

  @Test
  void modelReportsExperimentPresetStepScoresAndLimits() throws Exception {
    HttpResponse<String> response = get(server, "/v1/model");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    JsonNode served = body.get("model");
    assertThat(served.get("experiment").asText()).isEqualTo("eval-test");
    assertThat(served.get("preset").asText()).isEqualTo("tiny");
    assertThat(served.get("step").asLong()).isEqualTo(bestFidStep);
    assertThat(served.get("checkpointPolicy").asText()).isEqualTo("best-fid");
    assertThat(served.get("imageSize").asInt()).isEqualTo(32);
    EvaluationMetrics stored =
        EvaluationMetrics.fromJson(store.readBytes(StorageLayout.metrics(bestFidStep)));
    assertThat(served.get("metrics").get("fid").asDouble()).isEqualTo(stored.fid());
    assertThat(body.get("limits").get("maxCaptionChars").asInt())
        .isEqualTo(ServeLimits.DEFAULTS.maxCaptionChars());
  }

  @Test
  void theGalleryListsEveryEvaluatedCheckpointWithItsSampleGrid() throws Exception {
    JsonNode gallery = JSON.readTree(get(server, "/v1/samples").body());

    assertThat(gallery.get("servedStep").asLong()).isEqualTo(bestFidStep);
    assertThat(gallery.get("checkpoints")).hasSize(2);
    JsonNode second = gallery.get("checkpoints").get(1);
    assertThat(second.get("step").asLong()).isEqualTo(20);
    HttpResponse<byte[]> grid =
        HTTP.send(
            HttpRequest.newBuilder(url(server, second.get("image").asText())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(grid.statusCode()).isEqualTo(200);
    assertThat(grid.headers().firstValue("Content-Type")).hasValue(ServeServer.PNG);
    assertThat(grid.body()).isEqualTo(store.readBytes(StorageLayout.sample(20)));
    assertThat(get(server, "/v1/samples/30").statusCode()).isEqualTo(404);
    assertThat(get(server, "/v1/samples/latest").statusCode()).isEqualTo(400);
  }

  @Test
  void readinessWaitsForTheModelWhileLivenessHolds() throws Exception {
    try (ServeServer loading =
        ServeServer.start("127.0.0.1", 0, ServeLimits.DEFAULTS, store, experiment.name())) {
      assertThat(get(loading, "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(loading, "/health/ready").statusCode()).isEqualTo(503);
      HttpResponse<String> early = post(loading, TWO_CAPTIONS);
      assertThat(early.statusCode()).isEqualTo(503);
      assertThat(early.headers().firstValue("Retry-After")).isPresent();
      assertThat(get(loading, "/v1/model").statusCode()).isEqualTo(503);

      loading.ready(model);

      HttpResponse<String> ready = get(loading, "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(ready.body()).get("step").asLong()).isEqualTo(bestFidStep);
    }
  }

  @Test
  void metricsCountRequestsLatencyAndImagesInPrometheusFormat() throws Exception {
    post(server, "{\"captions\": [\"a red circle\"], \"imagesPerCaption\": 3}");
    post(server, "{\"captions\": []}");

    HttpResponse<String> response = get(server, "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    String text = response.body();
    assertThat(metric(text, "xmcgan_serve_requests_total{route=\"/v1/generate\",status=\"200\"}"))
        .isPositive();
    assertThat(metric(text, "xmcgan_serve_requests_total{route=\"/v1/generate\",status=\"400\"}"))
        .isPositive();
    assertThat(text).contains("xmcgan_serve_request_seconds_bucket{");
    assertThat(metric(text, "xmcgan_serve_images_generated_total")).isGreaterThanOrEqualTo(3.0);
    assertThat(metric(text, "xmcgan_serve_model_step")).isEqualTo((double) bestFidStep);
  }

  @Test
  void thePageIsServedAtTheRoot() throws Exception {
    HttpResponse<String> page = get(server, "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("id=\"generate-form\"", "/app.js");
    assertThat(get(server, "/app.js").body()).contains("/v1/generate", "/v1/samples");
    assertThat(get(server, "/nothing-here").statusCode()).isEqualTo(404);
  }

  /** The images {@code xmcgan generate} writes for the two captions and {@code seed}. */
  private static List<TextToImage.GeneratedImage> generateCommandImages(long seed)
      throws IOException {
    try (CaptionEncoder encoder =
            CaptionEncoder.open(
                encoderFiles,
                experiment.model().maxTokens(),
                settings.batchSize(),
                settings.device());
        XmcGanNetworks networks =
            io.xmcgan.evaluation.CheckpointNetworks.load(
                new io.xmcgan.checkpoint.CheckpointStore(store).open(bestFidStep).orElseThrow(),
                experiment.model(),
                settings.device())) {
      return TextToImage.generate(
          new ImageGenerator(networks),
          ImageGenerator.Variant.EMA,
          encoder.encode(List.of("a large red circle", "a small blue square")),
          2,
          seed);
    }
  }

  /** Equal up to one level of 255: a batch of another size may round a value the other way. */
  private static void assertClose(RgbImage actual, RgbImage expected) {
    assertThat(actual.width()).isEqualTo(expected.width());
    byte[] a = actual.rgb();
    byte[] e = expected.rgb();
    for (int i = 0; i < a.length; i++) {
      assertThat(Math.abs((a[i] & 0xff) - (e[i] & 0xff))).as("value %d", i).isLessThanOrEqualTo(1);
    }
  }

  private static List<RgbImage> images(JsonNode body) throws IOException {
    List<RgbImage> images = new ArrayList<>();
    for (JsonNode row : body.get("results")) {
      for (JsonNode png : row.get("images")) {
        images.add(RgbImage.decode(Base64.getDecoder().decode(png.asText())));
      }
    }
    return images;
  }

  private static void awaitQueueDepth(ServeServer target, int depth) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (metric(get(target, "/metrics").body(), "xmcgan_serve_queue_depth") < depth) {
      assertThat(System.nanoTime()).as("queue depth %d reached", depth).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** The value of the sample whose name and labels start the line {@code series}. */
  private static double metric(String text, String series) {
    return text.lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).strip()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " not in\n" + text));
  }

  private static URI url(ServeServer target, String path) {
    return URI.create("http://127.0.0.1:" + target.port() + path);
  }

  private static HttpResponse<String> get(ServeServer target, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(url(target, path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(ServeServer target, String body) throws Exception {
    return postAsync(target, body).get(60, TimeUnit.SECONDS);
  }

  private static CompletableFuture<HttpResponse<String>> postAsync(
      ServeServer target, String body) {
    return HTTP.sendAsync(
        HttpRequest.newBuilder(url(target, "/v1/generate"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
