package io.xmcgan.dataset;

import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.storage.ObjectStore;
import java.io.IOException;
import java.util.List;

/**
 * Whether an experiment's preprocessed data exists: the one check the operator, the trainer and the
 * local runner share. Both splits count as ready only when every shard has an entry made for the
 * expected {@link DataSpec}, and the shard it names exists with the recorded size. (The SHA-256 is
 * checked when a shard is read, see {@link DataManifests#openVerified}.)
 */
public final class DataReadiness {

  private DataReadiness() {}

  /**
   * @param shardsReady shards (over both splits) with a valid entry
   * @param shardsExpected shards the spec asks for, over both splits
   * @param detail what is missing, or a summary when complete
   */
  public record Readiness(boolean complete, int shardsReady, int shardsExpected, String detail) {}

  public static boolean isComplete(ObjectStore store, ResolvedExperiment.Data data)
      throws IOException {
    return check(store, data).complete();
  }

  /** Checks the train and validation splits of an experiment. */
  public static Readiness check(ObjectStore store, ResolvedExperiment.Data data)
      throws IOException {
    Readiness train = check(store, DataSpec.of(data, DataSpec.TRAIN));
    Readiness validation = check(store, DataSpec.of(data, DataSpec.VALIDATION));
    String detail = !train.complete() ? train.detail() : validation.detail();
    if (train.complete() && validation.complete()) {
      detail = train.detail() + "; " + validation.detail();
    }
    return new Readiness(
        train.complete() && validation.complete(),
        train.shardsReady() + validation.shardsReady(),
        train.shardsExpected() + validation.shardsExpected(),
        detail);
  }

  /** Checks one split. */
  public static Readiness check(ObjectStore store, DataSpec spec) throws IOException {
    DataManifests.SplitListing listing = DataManifests.SplitListing.read(store, spec);
    int ready = listing.validEntries().size();
    if (ready == spec.shards()) {
      long records = listing.validEntries().stream().mapToLong(ShardEntry::records).sum();
      return new Readiness(
          true,
          ready,
          spec.shards(),
          spec.split() + ": " + ready + " shards, " + records + " examples");
    }
    List<String> problems = listing.problems();
    String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
    return new Readiness(
        false,
        ready,
        spec.shards(),
        spec.split()
            + ": "
            + ready
            + " of "
            + spec.shards()
            + " shards ready; "
            + problems.get(0)
            + more);
  }
}
