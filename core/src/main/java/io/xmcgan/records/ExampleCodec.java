package io.xmcgan.records;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Example} to and from TensorFlow's protobuf wire format ({@code example.proto}, {@code
 * feature.proto}).
 *
 * <p>Encoding writes map entries in key order, lists packed, and always both key and value of a map
 * entry (as protobuf's C++ runtime does). Decoding accepts packed and unpacked repeated fields and
 * skips unknown fields, so records from TensorFlow itself decode too.
 */
public final class ExampleCodec {

  // Example { Features features = 1; }  Features { map<string, Feature> feature = 1; }
  private static final int EXAMPLE_FEATURES = 1;
  private static final int FEATURES_ENTRY = 1;
  private static final int ENTRY_KEY = 1;
  private static final int ENTRY_VALUE = 2;
  // Feature { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2;
  //                        Int64List int64_list = 3; } }
  private static final int FEATURE_BYTES_LIST = 1;
  private static final int FEATURE_FLOAT_LIST = 2;
  private static final int FEATURE_INT64_LIST = 3;
  // BytesList / FloatList / Int64List { repeated ... value = 1; }
  private static final int LIST_VALUE = 1;

  private ExampleCodec() {}

  public static byte[] encode(Example example) {
    List<byte[]> keys = new ArrayList<>(example.features().size());
    int featuresSize = 0;
    for (Map.Entry<String, Feature> entry : example.features().entrySet()) {
      byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
      keys.add(key);
      featuresSize += ProtoWriter.lengthDelimitedSize(FEATURES_ENTRY, entrySize(key, entry));
    }
    ProtoWriter out =
        new ProtoWriter(ProtoWriter.lengthDelimitedSize(EXAMPLE_FEATURES, featuresSize));
    out.lengthDelimitedHeader(EXAMPLE_FEATURES, featuresSize);
    int index = 0;
    for (Map.Entry<String, Feature> entry : example.features().entrySet()) {
      byte[] key = keys.get(index++);
      Feature feature = entry.getValue();
      out.lengthDelimitedHeader(FEATURES_ENTRY, entrySize(key, entry));
      out.bytesField(ENTRY_KEY, key);
      out.lengthDelimitedHeader(ENTRY_VALUE, featureSize(feature));
      out.lengthDelimitedHeader(kindField(feature), listSize(feature));
      if (feature instanceof Feature.BytesList bytes) {
        bytes.values().forEach(value -> out.bytesField(LIST_VALUE, value));
      } else if (feature instanceof Feature.FloatList floats) {
        out.packedFloats(LIST_VALUE, floats.values());
      } else if (feature instanceof Feature.Int64List ints) {
        out.packedInt64s(LIST_VALUE, ints.values());
      }
    }
    return out.toByteArray();
  }

  /**
   * Decodes one serialized Example.
   *
   * @throws MalformedProtoException if the bytes are not a valid Example
   */
  public static Example decode(byte[] serialized) {
    ProtoReader example = new ProtoReader(serialized, "tf.Example");
    TreeMap<String, Feature> features = new TreeMap<>();
    while (example.hasRemaining()) {
      int tag = example.readTag();
      if (ProtoReader.fieldNumber(tag) == EXAMPLE_FEATURES) {
        example.expectWireType(tag, ProtoWriter.WIRE_LENGTH_DELIMITED);
        readFeatures(example.readMessage("tf.Features"), features);
      } else {
        example.skip(ProtoReader.wireType(tag));
      }
    }
    return new Example(features);
  }

  private static void readFeatures(ProtoReader in, Map<String, Feature> into) {
    while (in.hasRemaining()) {
      int tag = in.readTag();
      if (ProtoReader.fieldNumber(tag) == FEATURES_ENTRY) {
        in.expectWireType(tag, ProtoWriter.WIRE_LENGTH_DELIMITED);
        readEntry(in.readMessage("tf.Features map entry"), into);
      } else {
        in.skip(ProtoReader.wireType(tag));
      }
    }
  }

  private static void readEntry(ProtoReader in, Map<String, Feature> into) {
    String key = "";
    Feature value = new Feature.BytesList(List.of());
    boolean valueSeen = false;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (ProtoReader.fieldNumber(tag)) {
        case ENTRY_KEY -> {
          in.expectWireType(tag, ProtoWriter.WIRE_LENGTH_DELIMITED);
          key = in.readString();
        }
        case ENTRY_VALUE -> {
          in.expectWireType(tag, ProtoWriter.WIRE_LENGTH_DELIMITED);
          value = readFeature(in.readMessage("tf.Feature"));
          valueSeen = true;
        }
        default -> in.skip(ProtoReader.wireType(tag));
      }
    }
    if (!valueSeen) {
      throw in.malformed("map entry for feature '" + key + "' has no value");
    }
    into.put(key, value);
  }

  private static Feature readFeature(ProtoReader in) {
    Feature feature = null;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      int field = ProtoReader.fieldNumber(tag);
      if (field < FEATURE_BYTES_LIST || field > FEATURE_INT64_LIST) {
        in.skip(ProtoReader.wireType(tag));
        continue;
      }
      in.expectWireType(tag, ProtoWriter.WIRE_LENGTH_DELIMITED);
      ProtoReader list = in.readMessage("tf.Feature list");
      feature =
          switch (field) {
            case FEATURE_BYTES_LIST -> readBytesList(list);
            case FEATURE_FLOAT_LIST -> readFloatList(list);
            default -> readInt64List(list);
          };
    }
    if (feature == null) {
      throw in.malformed("feature has none of bytes_list, float_list, int64_list");
    }
    return feature;
  }

  private static Feature readBytesList(ProtoReader in) {
    List<byte[]> values = new ArrayList<>();
    while (in.hasRemaining()) {
      int tag = in.readTag();
      if (ProtoReader.fieldNumber(tag) == LIST_VALUE) {
        in.expectWireType(tag, ProtoWriter.WIRE_LENGTH_DELIMITED);
        values.add(in.readBytes());
      } else {
        in.skip(ProtoReader.wireType(tag));
      }
    }
    return new Feature.BytesList(values);
  }

  private static Feature readFloatList(ProtoReader in) {
    FloatArrayBuilder values = new FloatArrayBuilder();
    while (in.hasRemaining()) {
      int tag = in.readTag();
      if (ProtoReader.fieldNumber(tag) != LIST_VALUE) {
        in.skip(ProtoReader.wireType(tag));
      } else if (ProtoReader.wireType(tag) == ProtoWriter.WIRE_LENGTH_DELIMITED) {
        in.readPackedFloats(values);
      } else {
        in.expectWireType(tag, ProtoWriter.WIRE_FIXED32);
        values.add(in.readFloat());
      }
    }
    return new Feature.FloatList(values.build());
  }

  private static Feature readInt64List(ProtoReader in) {
    LongArrayBuilder values = new LongArrayBuilder();
    while (in.hasRemaining()) {
      int tag = in.readTag();
      if (ProtoReader.fieldNumber(tag) != LIST_VALUE) {
        in.skip(ProtoReader.wireType(tag));
      } else if (ProtoReader.wireType(tag) == ProtoWriter.WIRE_LENGTH_DELIMITED) {
        in.readPackedVarints(values);
      } else {
        in.expectWireType(tag, ProtoWriter.WIRE_VARINT);
        values.add(in.readVarint());
      }
    }
    return new Feature.Int64List(values.build());
  }

  private static int entrySize(byte[] key, Map.Entry<String, Feature> entry) {
    return ProtoWriter.lengthDelimitedSize(ENTRY_KEY, key.length)
        + ProtoWriter.lengthDelimitedSize(ENTRY_VALUE, featureSize(entry.getValue()));
  }

  private static int featureSize(Feature feature) {
    return ProtoWriter.lengthDelimitedSize(kindField(feature), listSize(feature));
  }

  private static int kindField(Feature feature) {
    if (feature instanceof Feature.BytesList) {
      return FEATURE_BYTES_LIST;
    }
    return feature instanceof Feature.FloatList ? FEATURE_FLOAT_LIST : FEATURE_INT64_LIST;
  }

  private static int listSize(Feature feature) {
    if (feature instanceof Feature.BytesList bytes) {
      int size = 0;
      for (byte[] value : bytes.values()) {
        size += ProtoWriter.lengthDelimitedSize(LIST_VALUE, value.length);
      }
      return size;
    }
    if (feature instanceof Feature.FloatList floats) {
      return ProtoWriter.packedFloatsSize(LIST_VALUE, floats.values());
    }
    return ProtoWriter.packedInt64sSize(LIST_VALUE, ((Feature.Int64List) feature).values());
  }
}
