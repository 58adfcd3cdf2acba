package io.xmcgan.preprocessing;

import ai.djl.Device;
import io.xmcgan.dataset.ShardEntry;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.image.BilinearResize;
import io.xmcgan.image.RgbImage;
import io.xmcgan.shapes.ShapesGenerator;
import io.xmcgan.storage.StorageSettings;
import io.xmcgan.text.CaptionEncoder;
import io.xmcgan.text.TextEncoderFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Preprocessing throughput on the shapes dataset (64 px, local storage, one shard):
 *
 * <pre>
 * ./mvnw -B -o -q -pl preprocessing test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.xmcgan.preprocessing.PreprocessBenchmark -Dexec.args="2000 2 minilm-l6"
 * </pre>
 *
 * Arguments: train images (default 2000), CPU threads for libtorch and the image pool (default 2),
 * the built-in text encoder (shapes-tiny, the default, or minilm-l6, which OnnxRuntime runs on as
 * many threads as the JVM sees processors). Prints end-to-end images/s and captions/s, and the
 * encoder and image stages alone.
 */
public final class PreprocessBenchmark {

  public static void main(String[] args) throws Exception {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    String encoderName = args.length > 2 ? args[2] : "shapes-tiny";
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    System.setProperty(
        "java.util.concurrent.ForkJoinPool.common.parallelism", String.valueOf(threads - 1));
    System.setProperty("java.awt.headless", "true");
    System.setProperty("ai.djl.offline", "true");

    Path dir = Files.createTempDirectory("xmcgan-preprocess-bench-");
    Path manifest =
        TestExperiments.manifest(
                dir,
                "bench",
                dir.resolve("runs").toUri().toString(),
                TestExperiments.shapesSource(images, 1, 0),
                1,
                "fail")
            .toAbsolutePath();
    Files.writeString(
        manifest,
        Files.readString(manifest)
            .replace(
                "imageSize: 32", "imageSize: 64\n    textEncoder:\n      builtin: " + encoderName));
    ResolvedExperiment experiment = TestExperiments.resolve(manifest);
    Preprocessing.Options options =
        new Preprocessing.Options(Preprocessing.ALL_SHARDS, Device.cpu(), 32, dir.resolve("work"));

    Preprocessing.run(experiment, StorageSettings.DEFAULTS, options);
    long start = System.nanoTime();
    List<ShardEntry> entries = Preprocessing.run(experiment, StorageSettings.DEFAULTS, options);
    double seconds = (System.nanoTime() - start) / 1e9;
    long records = entries.stream().mapToLong(ShardEntry::records).sum();
    long bytes = entries.stream().mapToLong(ShardEntry::bytes).sum();
    System.out.printf(
        "%s, end to end (%d threads, 64 px, encoder load included): %d images in %.2f s = %.0f"
            + " images/s, %.0f captions/s, %.1f MB written%n",
        encoderName,
        threads,
        records,
        seconds,
        records / seconds,
        5 * records / seconds,
        bytes / 1e6);

    ShapesGenerator generator = new ShapesGenerator(64, 0);
    List<String> captions = new ArrayList<>();
    for (int i = 0; captions.size() < 5 * images; i++) {
      captions.addAll(generator.captions("train", i));
    }
    try (CaptionEncoder encoder =
        CaptionEncoder.open(
            TextEncoderFiles.resolve(
                experiment.data(), StorageSettings.DEFAULTS, dir.resolve("enc")),
            17,
            160,
            Device.cpu())) {
      encoder.encode(captions.subList(0, 320));
      start = System.nanoTime();
      encoder.encode(captions);
      seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "text encoder alone (batches of 160): %.0f captions/s%n", captions.size() / seconds);
    }

    start = System.nanoTime();
    for (int i = 0; i < images; i++) {
      byte[] png = generator.render("train", i).png();
      BilinearResize.resize(RgbImage.decode(png), 64, 64).png();
    }
    seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "images alone, one thread (render, decode, resize, PNG): %.0f images/s%n",
        images / seconds);
  }
}
