package io.xmcgan.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.storage.ObjectInfo;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.files.StorageJson;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads and writes shard entries and split manifests, and reads shards verified against them. */
public final class DataManifests {

  private static final ObjectMapper JSON = StorageJson.mapper();

  private DataManifests() {}

  public static byte[] toJson(Object entryOrManifest) {
    try {
      return JSON.writeValueAsBytes(entryOrManifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + entryOrManifest, e);
    }
  }

  /** Publishes a shard's entry; call only after the shard itself is committed. */
  public static void writeEntry(ObjectStore store, ShardEntry entry) throws IOException {
    DataSpec spec = entry.spec();
    store.writeBytes(DataKeys.entry(spec.split(), entry.index(), spec.shards()), toJson(entry));
  }

  /**
   * Writes {@code data/<split>.manifest.json} if every shard of {@code spec} has a valid entry.
   * Safe to run from several shards at once: they all write the same bytes.
   *
   * @return the manifest, or empty while shards are missing
   */
  public static Optional<DataManifest> assembleIfComplete(ObjectStore store, DataSpec spec)
      throws IOException {
    SplitListing listing = SplitListing.read(store, spec);
    if (listing.manifest().isPresent()) {
      return listing.manifest();
    }
    if (listing.validEntries().size() != spec.shards()) {
      return Optional.empty();
    }
    DataManifest manifest = DataManifest.of(spec, listing.validEntries());
    store.writeBytes(DataKeys.manifest(spec.split()), toJson(manifest));
    return Optional.of(manifest);
  }

  /**
   * The complete manifest of a split made for {@code spec}: the written manifest, or one assembled
   * from the entries when all exist but no shard has written it yet.
   */
  public static Optional<DataManifest> readComplete(ObjectStore store, DataSpec spec)
      throws IOException {
    SplitListing listing = SplitListing.read(store, spec);
    if (listing.manifest().isPresent()) {
      return listing.manifest();
    }
    return listing.validEntries().size() == spec.shards()
        ? Optional.of(DataManifest.of(spec, listing.validEntries()))
        : Optional.empty();
  }

  /**
   * Opens a shard for reading. The stream checks the bytes against the entry's size and SHA-256 as
   * they are read and throws {@link CorruptShardException} at the end of a shard that differs.
   */
  public static InputStream openVerified(ObjectStore store, ShardEntry entry) throws IOException {
    return new VerifyingInputStream(store.read(entry.file()), entry);
  }

  /** Reads a whole shard and checks it against its entry. */
  public static void verify(ObjectStore store, ShardEntry entry) throws IOException {
    try (InputStream in = openVerified(store, entry)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  static <T> Optional<T> parse(byte[] json, Class<T> type) {
    try {
      return Optional.ofNullable(JSON.readValue(json, type));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** What exists of one split in storage: its objects' sizes, the valid entries and manifest. */
  record SplitListing(
      Map<String, Long> sizes,
      List<ShardEntry> validEntries,
      List<String> problems,
      Optional<DataManifest> manifest) {

    static SplitListing read(ObjectStore store, DataSpec spec) throws IOException {
      Map<String, Long> sizes =
          store.list(DataKeys.splitPrefix(spec.split())).stream()
              .collect(Collectors.toMap(ObjectInfo::key, ObjectInfo::size));
      Optional<DataManifest> manifest = readManifest(store, spec, sizes);
      if (manifest.isPresent()) {
        return new SplitListing(sizes, manifest.get().shards(), List.of(), manifest);
      }
      List<ShardEntry> valid = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < spec.shards(); i++) {
        String entryKey = DataKeys.entry(spec.split(), i, spec.shards());
        if (!sizes.containsKey(entryKey)) {
          problems.add(entryKey + " does not exist yet");
          continue;
        }
        Optional<ShardEntry> entry = parse(store.readBytes(entryKey), ShardEntry.class);
        String problem =
            entry.isEmpty() ? "is not a valid shard entry" : problem(entry.get(), spec, i, sizes);
        if (problem == null) {
          valid.add(entry.get());
        } else {
          problems.add(entryKey + " " + problem);
        }
      }
      return new SplitListing(sizes, valid, problems, Optional.empty());
    }

    /**
     * The split manifest when it was made for {@code spec} and each shard it lists still has its
     * entry and its recorded size: one read instead of one per shard.
     */
    private static Optional<DataManifest> readManifest(
        ObjectStore store, DataSpec spec, Map<String, Long> sizes) throws IOException {
      String manifestKey = DataKeys.manifest(spec.split());
      if (!store.exists(manifestKey)) {
        return Optional.empty();
      }
      return parse(store.readBytes(manifestKey), DataManifest.class)
          .filter(m -> spec.equals(m.spec()) && m.shards().size() == spec.shards())
          .filter(
              m ->
                  m.shards().stream()
                      .allMatch(
                          e ->
                              sizes.containsKey(
                                      DataKeys.entry(spec.split(), e.index(), spec.shards()))
                                  && problem(e, spec, e.index(), sizes) == null));
    }

    private static String problem(
        ShardEntry entry, DataSpec spec, int index, Map<String, Long> sizes) {
      if (entry.formatVersion() != ShardEntry.FORMAT_VERSION) {
        return "was written in shard format "
            + entry.formatVersion()
            + " and this version reads format "
            + ShardEntry.FORMAT_VERSION
            + "; preprocessing makes it again";
      }
      if (!spec.equals(entry.spec())) {
        return "was made for another dataset spec (" + entry.spec() + ", expected " + spec + ")";
      }
      String shard = DataKeys.shard(spec.split(), index, spec.shards());
      if (entry.index() != index || !shard.equals(entry.file())) {
        return "names shard " + entry.file() + " instead of " + shard;
      }
      Long size = sizes.get(shard);
      if (size == null) {
        return "lists " + shard + ", which does not exist";
      }
      if (size != entry.bytes()) {
        return "lists " + entry.bytes() + " bytes but " + shard + " has " + size;
      }
      return null;
    }
  }

  private static final class VerifyingInputStream extends FilterInputStream {
    private final ShardEntry entry;
    private final MessageDigest digest = sha256();
    private long count;
    private boolean checked;

    VerifyingInputStream(InputStream in, ShardEntry entry) {
      super(in);
      this.entry = entry;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        check();
      } else {
        digest.update((byte) b);
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n < 0) {
        check();
      } else {
        digest.update(buffer, offset, n);
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) {
      throw new UnsupportedOperationException("a verified shard stream must be read in full");
    }

    private void check() throws CorruptShardException {
      if (checked) {
        return;
      }
      checked = true;
      String actual = HexFormat.of().formatHex(digest.digest());
      if (count != entry.bytes() || !actual.equals(entry.sha256())) {
        throw new CorruptShardException(
            "shard "
                + entry.file()
                + " is corrupt: "
                + count
                + " bytes with sha256 "
                + actual
                + ", its manifest entry says "
                + entry.bytes()
                + " bytes with sha256 "
                + entry.sha256()
                + "; delete it and its entry and re-run preprocessing shard "
                + entry.index());
      }
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
