package io.xmcgan.evaluation;

import io.xmcgan.dataset.DataManifest;
import io.xmcgan.dataset.DataManifests;
import io.xmcgan.dataset.DataSpec;
import io.xmcgan.dataset.ShardEntry;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.records.ExampleCodec;
import io.xmcgan.records.TfRecordReader;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The experiment's preprocessed validation split: the shards its complete data manifest lists, read
 * one at a time and verified against their SHA-256 as they are read.
 */
public final class ValidationData {

  public static final String SPLIT = DataSpec.VALIDATION;

  private final ObjectStore store;
  private final List<ShardEntry> shards;
  private final String version;

  private ValidationData(ObjectStore store, List<ShardEntry> shards, String version) {
    this.store = store;
    this.shards = shards;
    this.version = version;
  }

  /** The validation split made for this experiment's data spec, or empty while it is incomplete. */
  public static Optional<ValidationData> open(ObjectStore store, ResolvedExperiment.Data data)
      throws IOException {
    Optional<DataManifest> manifest = DataManifests.readComplete(store, DataSpec.of(data, SPLIT));
    if (manifest.isEmpty()) {
      return Optional.empty();
    }
    if (manifest.get().records() < 1) {
      throw new IllegalArgumentException(
          store.root() + StorageLayout.dataManifest(SPLIT) + " lists no validation image");
    }
    String version = Hashes.sha256Hex(DataManifests.toJson(manifest.get())).substring(0, 16);
    return Optional.of(new ValidationData(store, manifest.get().shards(), version));
  }

  public List<ShardEntry> shards() {
    return shards;
  }

  /** Identifies this content of the split (a prefix of the SHA-256 of its manifest). */
  public String version() {
    return version;
  }

  /** The records in shard order, once. */
  public RecordStream stream() {
    return new RecordStream(false);
  }

  /** The records in shard order, starting over at the end, for as many draws as needed. */
  public RecordStream cycle() {
    return new RecordStream(true);
  }

  /** Reads one shard at a time, so memory does not depend on the split's size. */
  public final class RecordStream implements Iterator<ValidationRecord>, AutoCloseable {

    private final boolean cycle;
    private int shardIndex = -1;
    private TfRecordReader reader;
    private ValidationRecord next;
    private boolean sawRecord;
    private boolean exhausted;

    private RecordStream(boolean cycle) {
      this.cycle = cycle;
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        next = advance();
      }
      return next != null;
    }

    @Override
    public ValidationRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the validation split has no records");
      }
      ValidationRecord record = next;
      next = null;
      return record;
    }

    private ValidationRecord advance() {
      if (exhausted) {
        return null;
      }
      try {
        while (true) {
          if (reader != null) {
            Optional<byte[]> bytes = reader.next();
            if (bytes.isPresent()) {
              sawRecord = true;
              return ValidationRecord.of(ExampleCodec.decode(bytes.get()), reader.source());
            }
            reader.close();
            reader = null;
          }
          shardIndex++;
          if (shardIndex == shards.size()) {
            if (!cycle || !sawRecord) {
              exhausted = true;
              return null;
            }
            shardIndex = 0;
          }
          ShardEntry shard = shards.get(shardIndex);
          reader =
              new TfRecordReader(
                  DataManifests.openVerified(store, shard), store.root() + shard.file());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      if (reader != null) {
        reader.close();
        reader = null;
      }
    }
  }
}
