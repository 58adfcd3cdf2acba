package io.xmcgan.records;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One value of a {@code tf.train.Example}: exactly one of a bytes, float or int64 list.
 *
 * <p>Arrays are held without copying so that a 65,280-float embedding is not duplicated; do not
 * modify an array after handing it to a feature.
 */
public sealed interface Feature {

  /** Number of values in the list. */
  int size();

  /** The feature type's name in {@code feature.proto}, for error messages. */
  String kind();

  /** {@code BytesList}: byte strings, used for PNG images and UTF-8 text. */
  record BytesList(List<byte[]> values) implements Feature {

    public BytesList {
      values = List.copyOf(values);
    }

    public static BytesList ofStrings(List<String> strings) {
      return new BytesList(strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /** The values decoded as UTF-8 text. */
    public List<String> strings() {
      return values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    @Override
    public int size() {
      return values.size();
    }

    @Override
    public String kind() {
      return "bytes_list";
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof BytesList that) || that.values.size() != values.size()) {
        return false;
      }
      for (int i = 0; i < values.size(); i++) {
        if (!Arrays.equals(values.get(i), that.values.get(i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int hash = 1;
      for (byte[] value : values) {
        hash = 31 * hash + Arrays.hashCode(value);
      }
      return hash;
    }

    @Override
    public String toString() {
      return "BytesList" + values.stream().map(v -> v.length + " bytes").toList();
    }
  }

  /** {@code FloatList}: float32 values (packed on the wire). */
  record FloatList(float[] values) implements Feature {

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public String kind() {
      return "float_list";
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof FloatList that && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return values.length <= 8
          ? "FloatList" + Arrays.toString(values)
          : "FloatList[" + values.length + " floats]";
    }
  }

  /** {@code Int64List}: signed 64-bit values (packed on the wire). */
  record Int64List(long[] values) implements Feature {

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public String kind() {
      return "int64_list";
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Int64List that && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return values.length <= 8
          ? "Int64List" + Arrays.toString(values)
          : "Int64List[" + values.length + " values]";
    }
  }
}
