package io.xmcgan.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

/**
 * Throughput of writing and reading TFRecord shards of realistic training Examples: a 64x64
 * PNG-sized image, the 5x17x768 caption embedding, five captions and their token counts.
 *
 * <p>Write = encode Example + frame + write to a temp file (closed, not fsynced); read = read +
 * verify both CRCs + decode. The file is read back while still in the page cache, so the numbers
 * are CPU-bound, not disk-bound.
 *
 * <p>Run: {@code java -cp <core test classpath> io.xmcgan.records.RecordsBenchmark [megabytes]}.
 */
public final class RecordsBenchmark {

  private static final int DISTINCT_EXAMPLES = 16;
  // Several runs because the machine is shared: the spread shows how noisy one number is.
  private static final int MEASURED_RUNS = 3;
  private static final double MB = 1024.0 * 1024.0;

  private RecordsBenchmark() {}

  public static void main(String[] args) throws IOException {
    long targetBytes = (long) ((args.length > 0 ? Double.parseDouble(args[0]) : 200) * MB);
    Example[] examples = realisticExamples(new Random(42));
    int recordBytes = ExampleCodec.encode(examples[0]).length;
    int count = (int) Math.max(1, targetBytes / recordBytes);
    Path file = Files.createTempFile("records-benchmark", ".tfrecord");
    try {
      pass(file, examples, Math.max(1, count / 4), false);
      for (int run = 1; run <= MEASURED_RUNS; run++) {
        System.out.printf("run %d of %d%n", run, MEASURED_RUNS);
        pass(file, examples, count, true);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void pass(Path file, Example[] examples, int count, boolean report)
      throws IOException {
    long writeStart = System.nanoTime();
    long bytes;
    try (TfRecordWriter writer = new TfRecordWriter(Files.newOutputStream(file))) {
      for (int i = 0; i < count; i++) {
        writer.write(ExampleCodec.encode(examples[i % examples.length]));
      }
      writer.flush();
      bytes = writer.bytesWritten();
    }
    long writeNanos = System.nanoTime() - writeStart;

    long readStart = System.nanoTime();
    int read = 0;
    double checksum = 0;
    try (TfRecordReader reader = TfRecordReader.open(file)) {
      for (Optional<byte[]> record = reader.next(); record.isPresent(); record = reader.next()) {
        Example example = ExampleCodec.decode(record.get());
        checksum += example.floats("caption/embedding")[read % 65_280];
        read++;
      }
    }
    long readNanos = System.nanoTime() - readStart;
    if (read != count) {
      throw new IllegalStateException("wrote " + count + " records, read back " + read);
    }
    if (report) {
      System.out.printf(
          "records: %d x %.1f KB = %.1f MB (checksum %.3f)%n",
          count, bytes / 1024.0 / count, bytes / MB, checksum);
      System.out.printf(
          "write (encode + frame + file): %.0f MB/s, %.0f records/s%n",
          bytes / MB / (writeNanos / 1e9), count / (writeNanos / 1e9));
      System.out.printf(
          "read  (file + verify CRCs + decode): %.0f MB/s, %.0f records/s%n",
          bytes / MB / (readNanos / 1e9), count / (readNanos / 1e9));
    }
  }

  private static Example[] realisticExamples(Random random) {
    Example[] examples = new Example[DISTINCT_EXAMPLES];
    for (int e = 0; e < examples.length; e++) {
      byte[] png = new byte[64 * 64 * 3];
      random.nextBytes(png);
      float[] embedding = new float[5 * 17 * 768];
      for (int i = 0; i < embedding.length; i++) {
        embedding[i] = (float) random.nextGaussian();
      }
      long[] maxLen = new long[5];
      for (int i = 0; i < maxLen.length; i++) {
        maxLen[i] = 2 + random.nextInt(16);
      }
      examples[e] =
          Example.builder()
              .putBytes("image", png)
              .putStrings("image/filename", "COCO_train2014_%012d.jpg".formatted(e))
              .putFloats("caption/embedding", embedding)
              .putInt64s("caption/max_len", maxLen)
              .putStrings(
                  "caption/text",
                  "a man riding a wave on top of a surfboard",
                  "a surfer rides a large wave in the ocean",
                  "a person on a surfboard in the water",
                  "surfer in a wetsuit riding a wave",
                  "a man surfing on a sunny day")
              .build();
    }
    return examples;
  }
}
