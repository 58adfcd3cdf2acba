package io.xmcgan.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.xmcgan.image.RgbImage;
import io.xmcgan.json.PlainJson;
import io.xmcgan.serving.ServingEndpoints;
import io.xmcgan.storage.ObjectInfo;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.files.EvaluationMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The HTTP side of {@code serve} (docs/serving.md) on Vert.x Web: the page, the JSON API, health,
 * readiness and metrics. It listens before the model is loaded so that liveness holds while a large
 * checkpoint downloads; readiness and {@code /v1/generate} wait for {@link #ready}.
 */
public final class ServeServer implements AutoCloseable {

  static final String PNG = "image/png";
  private static final String JSON_TYPE = "application/json";
  private static final ObjectMapper JSON = PlainJson.mapper();
  private static final String WEB = "/io/xmcgan/serve/web/";
  private static final Map<String, String> PAGES =
      Map.of(
          "/", "index.html",
          "/app.js", "app.js",
          "/style.css", "style.css");

  /** Bodies larger than this are refused with 413; a full request is far below it. */
  private static final int MAX_BODY_BYTES = 64 * 1024;

  /** A generated image as the API returns it. */
  record CaptionImages(String caption, List<String> images) {}

  record GenerateResponse(
      String experiment,
      long checkpointStep,
      long seed,
      int imagesPerCaption,
      List<CaptionImages> results) {}

  record Sample(long step, double fid, double inceptionScore, String image) {}

  record Gallery(String experiment, Long servedStep, List<Sample> checkpoints) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Problem(String error, String field) {}

  private final Vertx vertx;
  private final HttpServer server;
  private final ServeLimits limits;
  private final ObjectStore store;
  private final String experiment;
  private final ServeMetrics metrics = new ServeMetrics();
  private final SplittableRandom seeds = new SplittableRandom();
  private volatile ServedModel.Info info;
  private volatile GenerationQueue<List<String>> queue;

  private ServeServer(
      Vertx vertx, HttpServer server, ServeLimits limits, ObjectStore store, String experiment) {
    this.vertx = vertx;
    this.server = server;
    this.limits = limits;
    this.store = store;
    this.experiment = experiment;
  }

  /**
   * Listens on {@code host:port} (port 0: any free port, see {@link #port()}).
   *
   * @param store the experiment's storage, for the gallery of evaluated checkpoints
   */
  public static ServeServer start(
      String host, int port, ServeLimits limits, ObjectStore store, String experiment) {
    // One event loop: the generator's thread needs the cores, and nothing here blocks the loop.
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(2)
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    HttpServer server =
        vertx.createHttpServer(
            new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(true));
    ServeServer serve = new ServeServer(vertx, server, limits, store, experiment);
    server.requestHandler(serve.router());
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalArgumentException(
          "cannot listen on " + host + ":" + port + ": " + rootMessage(e) + "; use another --port",
          e);
    }
    return serve;
  }

  /** The port the server listens on. */
  public int port() {
    return server.actualPort();
  }

  /** Starts serving {@code loaded}: readiness turns true and generation requests are accepted. */
  public void ready(ServedModel loaded) {
    ready(loaded.info(), loaded::generate);
  }

  /** {@link #ready(ServedModel)} with the generation step given separately (tests gate it). */
  void ready(
      ServedModel.Info loaded, Function<List<GenerateRequest>, List<List<RgbImage>>> generator) {
    queue = new GenerationQueue<>(limits, requests -> encode(generator.apply(requests)), metrics);
    info = loaded;
    metrics.modelLoaded(loaded.step());
  }

  private static List<List<String>> encode(List<List<RgbImage>> images) {
    List<List<String>> encoded = new ArrayList<>();
    Base64.Encoder base64 = Base64.getEncoder();
    for (List<RgbImage> request : images) {
      encoded.add(request.stream().map(i -> base64.encodeToString(i.png())).toList());
    }
    return encoded;
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::measure);
    PAGES.forEach((path, file) -> page(router, path, file));
    router
        .post("/v1/generate")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::generate);
    router.get("/v1/model").handler(this::model);
    router.get("/v1/samples").blockingHandler(this::gallery, false);
    router.get("/v1/samples/:step").blockingHandler(this::sample, false);
    router.get(ServingEndpoints.LIVE).handler(ctx -> json(ctx, 200, Map.of("status", "UP")));
    router.get(ServingEndpoints.READY).handler(this::readiness);
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.scrape()));
    router.errorHandler(
        413,
        ctx ->
            problem(
                ctx,
                413,
                new Problem("the body is larger than " + MAX_BODY_BYTES + " bytes", "body")));
    return router;
  }

  /** Counts every request under its route's path (unmatched ones as {@code other}). */
  private void measure(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(
        done -> {
          Route route = ctx.currentRoute();
          String path = route != null && route.getPath() != null ? route.getPath() : "other";
          metrics.request(path, ctx.response().getStatusCode(), System.nanoTime() - start);
        });
    ctx.next();
  }

  private static void page(Router router, String path, String file) {
    Buffer content;
    try (InputStream in = ServeServer.class.getResourceAsStream(WEB + file)) {
      if (in == null) {
        throw new IllegalStateException("the page's " + file + " is missing from the jar");
      }
      content = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String type =
        file.endsWith(".html")
            ? "text/html; charset=utf-8"
            : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    router
        .get(path)
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", type)
                    .putHeader("Cache-Control", "no-cache")
                    .end(content));
  }

  private void generate(RoutingContext ctx) {
    GenerationQueue<List<String>> current = queue;
    ServedModel.Info served = info;
    if (current == null || served == null) {
      ctx.response().putHeader("Retry-After", "5");
      problem(ctx, 503, new Problem("the model is still loading", null));
      return;
    }
    GenerateRequest request;
    try {
      request = GenerateRequest.parse(body(ctx), limits, seeds);
    } catch (BadRequestException e) {
      problem(ctx, 400, new Problem(e.getMessage(), e.field()));
      return;
    }
    Optional<CompletableFuture<List<String>>> images = current.offer(request);
    if (images.isEmpty()) {
      ctx.response().putHeader("Retry-After", Long.toString(current.retryAfterSeconds()));
      problem(
          ctx,
          503,
          new Problem(
              limits.queueCapacity() + " requests are already waiting; try again later", null));
      return;
    }
    Context context = vertx.getOrCreateContext();
    images
        .get()
        .whenComplete(
            (result, failure) ->
                context.runOnContext(
                    v -> {
                      if (failure != null) {
                        problem(ctx, 500, new Problem(rootMessage(failure), null));
                      } else {
                        json(ctx, 200, response(served, request, result));
                      }
                    }));
  }

  private static JsonNode body(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw new BadRequestException("body", "the body is empty; send a JSON object");
    }
    try {
      return JSON.readTree(buffer.getBytes());
    } catch (IOException e) {
      throw new BadRequestException("body", "the body is not JSON: " + e.getMessage());
    }
  }

  private static GenerateResponse response(
      ServedModel.Info served, GenerateRequest request, List<String> images) {
    List<CaptionImages> results = new ArrayList<>();
    int per = request.imagesPerCaption();
    for (int c = 0; c < request.captions().size(); c++) {
      results.add(
          new CaptionImages(request.captions().get(c), images.subList(c * per, (c + 1) * per)));
    }
    return new GenerateResponse(served.experiment(), served.step(), request.seed(), per, results);
  }

  private void model(RoutingContext ctx) {
    ServedModel.Info served = info;
    if (served == null) {
      ctx.response().putHeader("Retry-After", "5");
      problem(ctx, 503, new Problem("the model is still loading", null));
      return;
    }
    json(ctx, 200, Map.of("model", served, "limits", limits));
  }

  private void gallery(RoutingContext ctx) {
    try {
      Set<Long> grids = new HashSet<>();
      for (ObjectInfo object : store.list(StorageLayout.SAMPLES_DIR)) {
        StorageLayout.parseStepName(object.key().substring(StorageLayout.SAMPLES_DIR.length()))
            .ifPresent(grids::add);
      }
      List<Sample> samples = new ArrayList<>();
      for (EvaluationMetrics m : EvaluationMetrics.list(store)) {
        if (grids.contains(m.step())) {
          samples.add(new Sample(m.step(), m.fid(), m.inceptionScore(), "/v1/samples/" + m.step()));
        }
      }
      ServedModel.Info served = info;
      json(ctx, 200, new Gallery(experiment, served == null ? null : served.step(), samples));
    } catch (IOException e) {
      problem(
          ctx, 502, new Problem("cannot read the experiment's storage: " + e.getMessage(), null));
    }
  }

  private void sample(RoutingContext ctx) {
    OptionalLong step = parseStep(ctx.pathParam("step"));
    if (step.isEmpty()) {
      problem(ctx, 400, new Problem("the step must be a checkpoint step such as 2000", "step"));
      return;
    }
    String key = StorageLayout.sample(step.getAsLong());
    try {
      if (!store.exists(key)) {
        problem(ctx, 404, new Problem("step " + step.getAsLong() + " has no sample grid", "step"));
        return;
      }
      ctx.response()
          .putHeader("Content-Type", PNG)
          .putHeader("Cache-Control", "max-age=86400")
          .end(Buffer.buffer(store.readBytes(key)));
    } catch (IOException e) {
      problem(ctx, 502, new Problem("cannot read " + key + ": " + e.getMessage(), null));
    }
  }

  private static OptionalLong parseStep(String text) {
    if (text == null || !text.matches("[0-9]{1,8}")) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(text));
  }

  private void readiness(RoutingContext ctx) {
    ServedModel.Info served = info;
    if (served == null) {
      json(ctx, 503, Map.of("status", "DOWN", "reason", "loading the model"));
    } else {
      json(ctx, 200, Map.of("status", "UP", "step", served.step()));
    }
  }

  private static void problem(RoutingContext ctx, int status, Problem problem) {
    json(ctx, status, problem);
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    String text;
    try {
      text = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the response as JSON", e);
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON_TYPE).end(text);
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }

  @Override
  public void close() {
    GenerationQueue<List<String>> current = queue;
    if (current != null) {
      current.close();
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the HTTP server did not stop: " + rootMessage(e), e);
    }
  }
}
