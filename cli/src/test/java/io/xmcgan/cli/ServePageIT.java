package io.xmcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code xmcgan serve} through the packaged jar on an experiment trained by {@code xmcgan run}, and
 * its page driven in headless Chromium (Debian's chromium and chromium-driver, which .ci/run
 * installs; the browser test skips without them): a typed caption gives one decoded image of the
 * model's size per requested image, a bad caption shows the field in error, and the gallery shows
 * every evaluated checkpoint. The page's screenshot goes to target/serve-page.png
 * (docs/serve-page.png in the README is one of them, taken with -Dxmcgan.serve.dir and
 * -Dxmcgan.serve.manifest on a finished quickstart).
 */
class ServePageIT {

  private static final Path JAR = Path.of("target", "xmcgan-cli.jar").toAbsolutePath();
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOT = Path.of("target", "serve-page.png").toAbsolutePath();
  private static final Pattern SERVING = Pattern.compile("serving \\S+ step (\\d+) .* at (\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int IMAGE_SIZE = 32;

  @TempDir static Path work;

  private static Path dir;
  private static Process server;
  private static String url;
  private static long servedStep;

  @BeforeAll
  static void trainAndServe() throws Exception {
    assertThat(JAR).as("the packaged jar (run in the integration-test phase)").exists();
    String manifest = System.getProperty("xmcgan.serve.manifest");
    if (manifest == null) {
      dir = work;
      manifest = "serve.yaml";
      Files.writeString(
          dir.resolve(manifest),
          """
          apiVersion: xmcgan.io/v1alpha1
          kind: XmcganExperiment
          metadata:
            name: serve
          spec:
            dataset:
              source: {builtin: shapes, size: 64, seed: 7, maxShapes: 1, grid: 1}
              validationSource: {builtin: shapes, size: 32}
              imageSize: %d
              preprocessing: {shards: 2}
            model: {preset: tiny, gfDim: 16, dfDim: 16}
            training: {steps: 2, gpusPerPod: 0, checkpointEvery: 1}
            evaluation: {numImages: 32, repeats: 1}
          """
              .formatted(IMAGE_SIZE));
      Process run = start("run", "run", "--plain-progress", manifest);
      assertThat(run.waitFor(300, TimeUnit.SECONDS)).as("run finished in time").isTrue();
      assertThat(run.exitValue()).as(Files.readString(work.resolve("run.err"))).isZero();
    } else {
      dir = Path.of(System.getProperty("xmcgan.serve.dir", ".")).toAbsolutePath();
    }
    server = start("serve", "serve", manifest, "--port", "0");
    Path out = work.resolve("serve.out");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Matcher serving = SERVING.matcher("");
    while (!serving.find()) {
      assertThat(server.isAlive()).as(Files.readString(work.resolve("serve.err"))).isTrue();
      assertThat(System.nanoTime()).as("serve started in time").isLessThan(deadline);
      Thread.sleep(200);
      serving = SERVING.matcher(Files.readString(out));
    }
    servedStep = Long.parseLong(serving.group(1));
    url = serving.group(2);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("serve stopped on SIGTERM").isTrue();
    }
  }

  @Test
  void thePackagedServerIsReadyAndGeneratesOverHttp() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ready =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    HttpResponse<String> generated =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "v1/generate"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"captions\": [\"a large red circle\"], \"imagesPerCaption\": 4}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(generated.body());
    assertThat(body.get("checkpointStep").asLong()).isEqualTo(servedStep);
    assertThat(body.get("results").get(0).get("images")).hasSize(4);
  }

  @Test
  void thePageShowsImagesForATypedCaptionAndTheGalleryInHeadlessChromium() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "headless Chromium needs Debian's chromium and chromium-driver (.ci/run installs them)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1160");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    WebDriver driver = new ChromeDriver(service, options);
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
      driver.get(url);
      wait.until(d -> d.findElement(By.id("model")).getText().contains("checkpoint step"));
      assertThat(driver.findElement(By.id("model")).getText())
          .contains("checkpoint step " + servedStep);

      type(driver, "captions", "a".repeat(201));
      driver.findElement(By.id("generate")).click();
      wait.until(d -> d.findElement(By.id("status")).getText().contains("captions[0]"));

      type(driver, "captions", "a large red circle\na large blue square");
      type(driver, "images-per-caption", "4");
      type(driver, "seed", "7");
      driver.findElement(By.id("generate")).click();
      wait.until(d -> decodedImages(d, "#results img.generated").size() == 8);

      assertThat(decodedImages(driver, "#results img.generated"))
          .allSatisfy(
              size -> assertThat(size).containsExactly((long) IMAGE_SIZE, (long) IMAGE_SIZE));
      assertThat(driver.findElements(By.cssSelector("#results .caption")))
          .extracting(WebElement::getText)
          .containsExactly("a large red circle", "a large blue square");
      assertThat(driver.findElement(By.cssSelector("#results .provenance")).getText())
          .isEqualTo("checkpoint step " + servedStep + ", seed 7");

      int evaluated = evaluatedCheckpoints();
      assertThat(evaluated).isPositive();
      wait.until(d -> decodedImages(d, "#gallery img").size() == evaluated);
      assertThat(driver.findElement(By.id("gallery")).getText())
          .contains("step " + servedStep + " (served)");

      Files.createDirectories(SCREENSHOT.getParent());
      Files.write(
          SCREENSHOT,
          ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      assertThat(SCREENSHOT).isNotEmptyFile();
    } finally {
      driver.quit();
    }
  }

  private static void type(WebDriver driver, String id, String text) {
    WebElement field = driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  /** Width and height of every matching image the browser has decoded. */
  @SuppressWarnings("unchecked")
  private static List<List<Long>> decodedImages(WebDriver driver, String selector) {
    Object sizes =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return Array.from(document.querySelectorAll(arguments[0]))"
                    + ".filter(i => i.complete && i.naturalWidth > 0)"
                    + ".map(i => [i.naturalWidth, i.naturalHeight]);",
                selector);
    return new ArrayList<>((List<List<Long>>) sizes);
  }

  /** How many evaluated checkpoints the API lists; the run here evaluates both of its own. */
  private static int evaluatedCheckpoints() throws Exception {
    HttpResponse<String> gallery =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "v1/samples")).build(),
                HttpResponse.BodyHandlers.ofString());
    int count = JSON.readTree(gallery.body()).get("checkpoints").size();
    if (System.getProperty("xmcgan.serve.manifest") == null) {
      assertThat(count).isEqualTo(2);
    }
    return count;
  }

  private static Process start(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dai.djl.offline=true");
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectOutput(work.resolve(name + ".out").toFile())
        .redirectError(work.resolve(name + ".err").toFile())
        .start();
  }
}
