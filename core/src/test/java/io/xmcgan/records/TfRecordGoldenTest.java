package io.xmcgan.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Our TFRecord + tf.Example implementation against fixtures from an independent encoder. */
class TfRecordGoldenTest {

  private static final String SOURCE = "data/train-00003-of-00100.tfrecord";

  private final byte[] golden = GoldenFixtures.bytes("golden.tfrecord");
  private final List<Example> expected = GoldenFixtures.expectedExamples("golden.json");

  @Test
  void writerReproducesTheGoldenFileByteForByte() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TfRecordWriter writer = new TfRecordWriter(out)) {
      for (Example example : expected) {
        writer.write(ExampleCodec.encode(example));
      }
      writer.flush();
      assertThat(writer.bytesWritten()).isEqualTo(golden.length);
      assertThat(writer.recordsWritten()).isEqualTo(3);
    }

    assertThat(out.toByteArray()).isEqualTo(golden);
  }

  @Test
  void readerDecodesTheGoldenFileToTheExpectedContent() throws IOException {
    List<Example> decoded = readAll(golden);

    assertThat(decoded).containsExactlyElementsOf(expected);
    Example first = decoded.get(0);
    assertThat(first.strings("caption/text"))
        .containsExactly(
            "a man riding a wave on top of a surfboard",
            "un café près de la fenêtre",
            "two dogs playing in the snow",
            "猫がソファの上で寝ている",
            "");
    assertThat(first.bytes("image")).startsWith(0x89, 'P', 'N', 'G');
    assertThat(first.int64s("caption/max_len")).containsExactly(12, 9, 8, 17, 2);
    assertThat(decoded.get(1).int64s("int64/edge"))
        .contains(Long.MIN_VALUE, Long.MAX_VALUE, -1L, -300L);
    assertThat(decoded.get(1).floats("float/empty")).isEmpty();
    assertThat(decoded.get(2).floats("caption/embedding")).hasSize(1000);
  }

  @Test
  void readerDecodesUnpackedFieldsUnsortedKeysAndUnknownFields() throws IOException {
    byte[] unpacked = GoldenFixtures.bytes("unpacked.tfrecord");

    assertThat(readAll(unpacked))
        .containsExactlyElementsOf(GoldenFixtures.expectedExamples("unpacked.json"));
  }

  @Test
  void corruptDataByteIsReportedAtTheOffsetOfItsRecord() throws IOException {
    long[] starts = recordStarts(golden);
    byte[] damaged = golden.clone();
    damaged[(int) starts[1] + 12 + 5] ^= 0x01;

    assertCorruptAt(damaged, starts[1], "data checksum mismatch");
  }

  @Test
  void corruptLengthChecksumIsReportedAtTheOffsetOfItsRecord() throws IOException {
    long[] starts = recordStarts(golden);
    byte[] damaged = golden.clone();
    damaged[(int) starts[2] + 9] ^= (byte) 0x80;

    assertCorruptAt(damaged, starts[2], "length checksum mismatch");
  }

  @Test
  void truncatedRecordIsReportedAtTheOffsetOfItsRecord() throws IOException {
    long[] starts = recordStarts(golden);

    assertCorruptAt(Arrays.copyOf(golden, golden.length - 1), starts[2], "truncated");
    assertCorruptAt(Arrays.copyOf(golden, (int) starts[2] + 100), starts[2], "truncated");
    assertCorruptAt(Arrays.copyOf(golden, (int) starts[1] + 7), starts[1], "truncated");
  }

  @Test
  void emptyStreamHasNoRecordsAndEmptyRecordsRoundTrip() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TfRecordWriter writer = new TfRecordWriter(out)) {
      writer.write(new byte[0]);
    }
    try (TfRecordReader reader = reader(out.toByteArray())) {
      assertThat(reader.next()).hasValueSatisfying(data -> assertThat(data).isEmpty());
      assertThat(reader.next()).isEmpty();
      assertThat(reader.offset()).isEqualTo(16);
    }
    try (TfRecordReader reader = reader(new byte[0])) {
      assertThat(reader.next()).isEmpty();
    }
  }

  private void assertCorruptAt(byte[] damaged, long offset, String problem) throws IOException {
    try (TfRecordReader reader = reader(damaged)) {
      assertThatThrownBy(
              () -> {
                while (reader.next().isPresent()) {
                  // Records before the damaged one read normally.
                }
              })
          .isInstanceOfSatisfying(
              CorruptRecordException.class,
              e -> {
                assertThat(e.source()).isEqualTo(SOURCE);
                assertThat(e.offset()).isEqualTo(offset);
              })
          .hasMessageContaining(SOURCE)
          .hasMessageContaining("at byte offset " + offset)
          .hasMessageContaining(problem);
    }
  }

  private static long[] recordStarts(byte[] file) throws IOException {
    List<Long> starts = new ArrayList<>();
    try (TfRecordReader reader = reader(file)) {
      while (true) {
        long start = reader.offset();
        if (reader.next().isEmpty()) {
          break;
        }
        starts.add(start);
      }
    }
    return starts.stream().mapToLong(Long::longValue).toArray();
  }

  private static List<Example> readAll(byte[] file) throws IOException {
    List<Example> examples = new ArrayList<>();
    try (TfRecordReader reader = reader(file)) {
      for (Optional<byte[]> record = reader.next(); record.isPresent(); record = reader.next()) {
        examples.add(ExampleCodec.decode(record.get()));
      }
    }
    return examples;
  }

  private static TfRecordReader reader(byte[] file) {
    return new TfRecordReader(new ByteArrayInputStream(file), SOURCE);
  }
}
