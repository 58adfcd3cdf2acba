package io.xmcgan.tensorboard;

import io.xmcgan.records.ProtoReader;
import io.xmcgan.records.ProtoWriter;
import io.xmcgan.records.TfRecordReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes event files for tests: our TFRecord reader plus a small decoder of the Event fields we
 * write, kept separate from {@link EventFileWriter} so that a wrong field number on either side
 * shows up as a failure.
 */
public final class EventFileDecoder {

  /** One decoded value: exactly one of {@code simpleValue} and {@code image} is set. */
  public record Value(String tag, Float simpleValue, SummaryImage image) {}

  public record Event(double wallTime, long step, String fileVersion, List<Value> values) {}

  private EventFileDecoder() {}

  public static List<Event> decode(byte[] file, String source) throws IOException {
    List<Event> events = new ArrayList<>();
    try (TfRecordReader reader = new TfRecordReader(new ByteArrayInputStream(file), source)) {
      for (Optional<byte[]> record = reader.next(); record.isPresent(); record = reader.next()) {
        events.add(event(new ProtoReader(record.get(), "Event")));
      }
    }
    return events;
  }

  private static Event event(ProtoReader in) {
    double wallTime = 0;
    long step = 0;
    String fileVersion = null;
    List<Value> values = new ArrayList<>();
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (ProtoReader.fieldNumber(tag)) {
        case 1 -> {
          in.expectWireType(tag, ProtoWriter.WIRE_FIXED64);
          wallTime = in.readDouble();
        }
        case 2 -> {
          in.expectWireType(tag, ProtoWriter.WIRE_VARINT);
          step = in.readVarint();
        }
        case 3 -> fileVersion = in.readString();
        case 5 -> {
          ProtoReader summary = in.readMessage("Summary");
          while (summary.hasRemaining()) {
            int summaryTag = summary.readTag();
            if (ProtoReader.fieldNumber(summaryTag) == 1) {
              values.add(value(summary.readMessage("Summary.Value")));
            } else {
              summary.skip(ProtoReader.wireType(summaryTag));
            }
          }
        }
        default -> in.skip(ProtoReader.wireType(tag));
      }
    }
    return new Event(wallTime, step, fileVersion, values);
  }

  private static Value value(ProtoReader in) {
    String tag = null;
    Float simpleValue = null;
    SummaryImage image = null;
    while (in.hasRemaining()) {
      int key = in.readTag();
      switch (ProtoReader.fieldNumber(key)) {
        case 1 -> tag = in.readString();
        case 2 -> {
          in.expectWireType(key, ProtoWriter.WIRE_FIXED32);
          simpleValue = in.readFloat();
        }
        case 4 -> image = image(in.readMessage("Summary.Image"));
        default -> in.skip(ProtoReader.wireType(key));
      }
    }
    return new Value(tag, simpleValue, image);
  }

  private static SummaryImage image(ProtoReader in) {
    int height = 0;
    int width = 0;
    int colorspace = 0;
    byte[] encoded = null;
    while (in.hasRemaining()) {
      int key = in.readTag();
      switch (ProtoReader.fieldNumber(key)) {
        case 1 -> height = (int) in.readVarint();
        case 2 -> width = (int) in.readVarint();
        case 3 -> colorspace = (int) in.readVarint();
        case 4 -> encoded = in.readBytes();
        default -> in.skip(ProtoReader.wireType(key));
      }
    }
    return new SummaryImage(height, width, colorspace, encoded);
  }
}
