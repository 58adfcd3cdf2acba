package io.xmcgan.tensorboard;

import io.xmcgan.records.ProtoWriter;
import io.xmcgan.records.TfRecordWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Writes a TensorBoard event file: TFRecords of {@code tensorflow.Event} protos, the first one
 * carrying {@code file_version: "brain.Event:2"}.
 *
 * <p>Every public write method appends one Event and flushes, so a reader (TensorBoard, or an
 * uploader copying the file to object storage) sees each batch of values as soon as the call
 * returns. TensorBoard reads event files incrementally and tolerates a partly written last record.
 */
public final class EventFileWriter implements Closeable {

  public static final String FILE_VERSION = "brain.Event:2";

  // event.proto: Event { double wall_time = 1; int64 step = 2;
  //                      oneof what { string file_version = 3; Summary summary = 5; ... } }
  private static final int EVENT_WALL_TIME = 1;
  private static final int EVENT_STEP = 2;
  private static final int EVENT_FILE_VERSION = 3;
  private static final int EVENT_SUMMARY = 5;
  // summary.proto: Summary { repeated Value value = 1; }
  //   Value { string tag = 1; oneof value { float simple_value = 2; Image image = 4; ... } }
  //   Image { int32 height = 1; int32 width = 2; int32 colorspace = 3;
  //           bytes encoded_image_string = 4; }
  private static final int SUMMARY_VALUE = 1;
  private static final int VALUE_TAG = 1;
  private static final int VALUE_SIMPLE_VALUE = 2;
  private static final int VALUE_IMAGE = 4;
  private static final int IMAGE_HEIGHT = 1;
  private static final int IMAGE_WIDTH = 2;
  private static final int IMAGE_COLORSPACE = 3;
  private static final int IMAGE_ENCODED = 4;

  private final TfRecordWriter records;
  private final Clock clock;

  /**
   * Starts an event file on {@code out} (closed by {@link #close()}), writing and flushing the
   * file-version event; {@code clock} supplies every event's wall time.
   */
  public EventFileWriter(OutputStream out, Clock clock) throws IOException {
    this.records = new TfRecordWriter(out);
    this.clock = clock;
    ProtoWriter event = eventHeader(0);
    event.stringField(EVENT_FILE_VERSION, FILE_VERSION);
    append(event);
  }

  /**
   * Creates {@code logDir} if needed and a new event file in it named {@link
   * EventFileNames#fileName} for the clock's current time and this host. Fails rather than append
   * to an existing file of the same name.
   */
  public static EventFileWriter create(Path logDir, Clock clock) throws IOException {
    Files.createDirectories(logDir);
    Path file =
        logDir.resolve(EventFileNames.fileName(clock.instant(), EventFileNames.localHostname()));
    return new EventFileWriter(
        Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        clock);
  }

  /** One scalar at {@code step}. */
  void writeScalar(String tag, long step, double value) throws IOException {
    writeScalars(step, Map.of(tag, value));
  }

  /** Several scalars sharing {@code step}, as one event (written in the map's order). */
  public void writeScalars(long step, Map<String, ? extends Number> scalars) throws IOException {
    ProtoWriter summary = new ProtoWriter();
    scalars.forEach(
        (tag, value) -> {
          ProtoWriter summaryValue = new ProtoWriter();
          summaryValue.stringField(VALUE_TAG, tag);
          summaryValue.floatField(VALUE_SIMPLE_VALUE, value.floatValue());
          summary.messageField(SUMMARY_VALUE, summaryValue);
        });
    appendSummary(step, summary);
  }

  /** One image at {@code step}. */
  public void writeImage(String tag, long step, SummaryImage image) throws IOException {
    writeImages(step, Map.of(tag, image));
  }

  /** Several images sharing {@code step}, as one event. */
  public void writeImages(long step, Map<String, SummaryImage> images) throws IOException {
    ProtoWriter summary = new ProtoWriter();
    images.forEach(
        (tag, image) -> {
          ProtoWriter encodedImage = new ProtoWriter(image.encoded().length + 32);
          encodedImage.varintField(IMAGE_HEIGHT, image.height());
          encodedImage.varintField(IMAGE_WIDTH, image.width());
          encodedImage.varintField(IMAGE_COLORSPACE, image.colorspace());
          encodedImage.bytesField(IMAGE_ENCODED, image.encoded());
          ProtoWriter summaryValue = new ProtoWriter(encodedImage.size() + tag.length() + 16);
          summaryValue.stringField(VALUE_TAG, tag);
          summaryValue.messageField(VALUE_IMAGE, encodedImage);
          summary.messageField(SUMMARY_VALUE, summaryValue);
        });
    appendSummary(step, summary);
  }

  @Override
  public void close() throws IOException {
    records.close();
  }

  private void appendSummary(long step, ProtoWriter summary) throws IOException {
    ProtoWriter event = eventHeader(step);
    event.messageField(EVENT_SUMMARY, summary);
    append(event);
  }

  private ProtoWriter eventHeader(long step) {
    Instant now = clock.instant();
    ProtoWriter event = new ProtoWriter();
    event.doubleField(EVENT_WALL_TIME, now.getEpochSecond() + now.getNano() / 1e9);
    // proto3 leaves a zero step out of the encoding; doing the same keeps bytes canonical.
    if (step != 0) {
      event.varintField(EVENT_STEP, step);
    }
    return event;
  }

  private void append(ProtoWriter event) throws IOException {
    records.write(event.toByteArray());
    records.flush();
  }
}
