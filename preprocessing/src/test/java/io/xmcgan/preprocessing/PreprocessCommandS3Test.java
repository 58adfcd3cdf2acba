package io.xmcgan.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.dataset.DataManifest;
import io.xmcgan.dataset.DataManifests;
import io.xmcgan.dataset.DataReadiness;
import io.xmcgan.dataset.DataSpec;
import io.xmcgan.dataset.ShardEntry;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageSettings;
import io.xmcgan.storage.testing.InProcessS3Server;
import io.xmcgan.storage.testing.S3ProxyExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Indexed Job contract end to end: two pods (JOB_COMPLETION_INDEX 0 and 1) preprocess a few
 * hundred shapes images into S3; the data is ready only after both.
 */
class PreprocessCommandS3Test {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @TempDir Path dir;

  private Map<String, String> podEnvironment(String index) {
    Map<String, String> env = new HashMap<>();
    env.put(StorageSettings.ENV_ENDPOINT, S3.endpoint());
    env.put("XMCGAN_S3_ACCESS_KEY", InProcessS3Server.ACCESS_KEY);
    env.put("XMCGAN_S3_SECRET_KEY", InProcessS3Server.SECRET_KEY);
    if (index != null) {
      env.put(PreprocessCommand.JOB_COMPLETION_INDEX, index);
    }
    return env;
  }

  private int pod(String index, Path manifest, String... extraArgs) {
    String[] args = new String[extraArgs.length + 2];
    args[0] = "--experiment";
    args[1] = manifest.toString();
    System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
    return new CommandLine(new PreprocessCommand(podEnvironment(index))).execute(args);
  }

  @Test
  void twoIndexedPodsPreprocessShapesIntoS3() throws Exception {
    String bucket = S3.server().createBucket();
    Path manifest =
        TestExperiments.manifest(
            dir,
            "shapes-s3",
            "s3://" + bucket + "/runs",
            TestExperiments.shapesSource(240, 60, 11),
            2,
            "fail");
    ResolvedExperiment experiment = TestExperiments.resolve(manifest);

    try (ObjectStore store =
        ObjectStores.open(experiment.storage().experimentUri(), S3.settings())) {
      assertThat(pod("1", manifest)).isZero();
      DataReadiness.Readiness half = DataReadiness.check(store, experiment.data());
      assertThat(half.complete()).isFalse();
      assertThat(half.shardsReady()).isEqualTo(2);
      assertThat(half.detail()).contains("data/train-00000-of-00002.json does not exist yet");
      assertThat(store.exists("data/train-00001-of-00002.tfrecord")).isTrue();
      assertThat(store.exists("data/train-00000-of-00002.tfrecord")).isFalse();

      assertThat(pod("0", manifest)).isZero();

      assertThat(DataReadiness.isComplete(store, experiment.data())).isTrue();
      assertThat(store.exists("data/train.manifest.json")).isTrue();
      DataManifest train =
          DataManifests.readComplete(store, DataSpec.of(experiment.data(), "train")).orElseThrow();
      DataManifest validation =
          DataManifests.readComplete(store, DataSpec.of(experiment.data(), "validation"))
              .orElseThrow();
      assertThat(train.records()).isEqualTo(240);
      assertThat(validation.records()).isEqualTo(60);
      assertThat(train.textEncoderId()).isEqualTo(DataSpec.BUILTIN_TEXT_ENCODER);
      for (ShardEntry entry : train.shards()) {
        assertThat(entry.records()).isEqualTo(120);
        DataManifests.verify(store, entry);
      }
    }
  }

  @Test
  void shardIndexOutsideTheExperimentOrAMismatchedCountIsInvalidInput() throws Exception {
    Path manifest =
        TestExperiments.manifest(
            dir,
            "shapes-bad-index",
            "s3://" + S3.server().createBucket() + "/runs",
            TestExperiments.shapesSource(8, 4, 1),
            2,
            "fail");
    assertThat(pod("2", manifest)).isEqualTo(2);
    assertThat(pod("x", manifest)).isEqualTo(2);
    assertThat(pod(null, manifest, "--shard-index", "0", "--shard-count", "3")).isEqualTo(2);
  }
}
