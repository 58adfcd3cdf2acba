package io.xmcgan.records;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@code tf.train.Example}: named features. Keys are kept sorted, which is also the order they
 * are encoded in, so equal examples always encode to identical bytes.
 */
public record Example(SortedMap<String, Feature> features) {

  public Example {
    features = Collections.unmodifiableSortedMap(new TreeMap<>(features));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The feature named {@code key}; fails naming the key and the keys present when absent. */
  public Feature feature(String key) {
    Feature feature = features.get(key);
    if (feature == null) {
      throw new IllegalArgumentException(
          "Example has no feature '" + key + "'; features present: " + features.keySet());
    }
    return feature;
  }

  public List<byte[]> bytesList(String key) {
    return as(key, Feature.BytesList.class).values();
  }

  /** The single byte string of feature {@code key}; fails unless it holds exactly one. */
  public byte[] bytes(String key) {
    List<byte[]> values = bytesList(key);
    if (values.size() != 1) {
      throw new IllegalArgumentException(
          "Feature '" + key + "' holds " + values.size() + " byte strings, expected exactly 1");
    }
    return values.get(0);
  }

  public List<String> strings(String key) {
    return as(key, Feature.BytesList.class).strings();
  }

  public float[] floats(String key) {
    return as(key, Feature.FloatList.class).values();
  }

  public long[] int64s(String key) {
    return as(key, Feature.Int64List.class).values();
  }

  private <T extends Feature> T as(String key, Class<T> type) {
    Feature feature = feature(key);
    if (!type.isInstance(feature)) {
      throw new IllegalArgumentException(
          "Feature '"
              + key
              + "' is a "
              + feature.kind()
              + ", expected a "
              + type.getSimpleName().replace("List", "").toLowerCase()
              + "_list");
    }
    return type.cast(feature);
  }

  /** Collects features by key; a key set twice keeps the last value. */
  public static final class Builder {

    private final TreeMap<String, Feature> features = new TreeMap<>();

    private Builder() {}

    public Builder put(String key, Feature feature) {
      features.put(key, feature);
      return this;
    }

    public Builder putBytes(String key, byte[]... values) {
      return put(key, new Feature.BytesList(List.of(values)));
    }

    public Builder putStrings(String key, String... values) {
      return put(key, Feature.BytesList.ofStrings(List.of(values)));
    }

    public Builder putFloats(String key, float... values) {
      return put(key, new Feature.FloatList(values));
    }

    public Builder putInt64s(String key, long... values) {
      return put(key, new Feature.Int64List(values));
    }

    public Example build() {
      return new Example(features);
    }
  }
}
