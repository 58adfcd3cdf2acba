package io.xmcgan.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileWriterTest {

  private static final Instant START = Instant.parse("2024-06-11T08:30:15.250Z");
  private final Clock clock = Clock.fixed(START, ZoneOffset.UTC);

  @Test
  void firstEventDeclaresTheFileVersionAndIsFlushedImmediately() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new EventFileWriter(out, clock);

    List<EventFileDecoder.Event> events = EventFileDecoder.decode(out.toByteArray(), "events");

    assertThat(events).hasSize(1);
    assertThat(events.get(0).fileVersion()).isEqualTo("brain.Event:2");
    assertThat(events.get(0).wallTime()).isEqualTo(1718094615.25);
    assertThat(events.get(0).step()).isZero();
  }

  @Test
  void scalarsAndImagesDecodeToTheirTagsStepsAndValues() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    Map<String, Double> losses = new LinkedHashMap<>();
    losses.put("d_loss", 5.75);
    losses.put("g_loss", -0.125);
    try (EventFileWriter writer = new EventFileWriter(out, clock)) {
      writer.writeScalars(1000, losses);
      int afterScalars = out.size();
      assertThat(afterScalars).as("scalars flushed before the next write").isGreaterThan(0);
      writer.writeImage("generated_image_batch", 1000, SummaryImage.rgbPng(png, 256, 512));
      writer.writeScalar("eval/fid", 3_000_000_000L, 35.5);
    }

    List<EventFileDecoder.Event> events = EventFileDecoder.decode(out.toByteArray(), "events");

    assertThat(events).hasSize(4);
    EventFileDecoder.Event scalars = events.get(1);
    assertThat(scalars.step()).isEqualTo(1000);
    assertThat(scalars.fileVersion()).isNull();
    assertThat(scalars.values())
        .extracting(EventFileDecoder.Value::tag, EventFileDecoder.Value::simpleValue)
        .containsExactly(tuple("d_loss", 5.75f), tuple("g_loss", -0.125f));
    EventFileDecoder.Value image = events.get(2).values().get(0);
    assertThat(image.tag()).isEqualTo("generated_image_batch");
    assertThat(image.simpleValue()).isNull();
    assertThat(image.image().height()).isEqualTo(256);
    assertThat(image.image().width()).isEqualTo(512);
    assertThat(image.image().colorspace()).isEqualTo(SummaryImage.RGB);
    assertThat(image.image().encoded()).isEqualTo(png);
    assertThat(events.get(3).step()).isEqualTo(3_000_000_000L);
    assertThat(events.get(3).values().get(0).simpleValue()).isEqualTo(35.5f);
  }

  @Test
  void createNamesTheFileLikeTensorFlowAndNeverAppendsToAnExistingOne(@TempDir Path dir)
      throws IOException {
    Path logDir = dir.resolve("tensorboard/train");
    try (EventFileWriter writer = EventFileWriter.create(logDir, clock)) {
      writer.writeScalar("g_loss", 1, 2.0);
    }

    List<Path> files;
    try (var listing = Files.list(logDir)) {
      files = listing.toList();
    }
    assertThat(files).hasSize(1);
    assertThat(files.get(0).getFileName().toString())
        .isEqualTo("events.out.tfevents.1718094615." + EventFileNames.localHostname());
    assertThat(EventFileDecoder.decode(Files.readAllBytes(files.get(0)), "file")).hasSize(2);
    assertThatThrownBy(() -> EventFileWriter.create(logDir, clock))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void fileNameRejectsHostnamesThatWouldBreakThePath() {
    assertThat(EventFileNames.fileName(START, "trainer-0"))
        .isEqualTo("events.out.tfevents.1718094615.trainer-0");
    assertThatThrownBy(() -> EventFileNames.fileName(START, "a/b")).hasMessageContaining("'a/b'");
  }
}
