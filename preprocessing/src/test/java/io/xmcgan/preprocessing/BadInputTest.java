package io.xmcgan.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xmcgan.dataset.DataManifest;
import io.xmcgan.dataset.DataManifests;
import io.xmcgan.dataset.DataSpec;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.shapes.ShapesDataset;
import io.xmcgan.shapes.ShapesLayout;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of unusable input gives a message naming the file, and `skip` counts it instead. */
class BadInputTest {

  @TempDir Path dir;

  /** A COCO-style dataset on disk (6 train, 2 validation images), optionally damaged. */
  private ResolvedExperiment coco(String policy, Consumer<Path> damage) throws Exception {
    Path data = dir.resolve("coco");
    ShapesDataset.Result result =
        ShapesDataset.generate(new ShapesDataset.Options(data, 6, 2, 48, 1, ShapesLayout.DEFAULT));
    damage.accept(data);
    String source =
        TestExperiments.cocoSource(
            result.train().captionsFile().toUri().toString(),
            result.train().imagesDir().toUri().toString(),
            result.validation().captionsFile().toUri().toString(),
            result.validation().imagesDir().toUri().toString());
    return TestExperiments.resolve(
        TestExperiments.manifest(
            dir, "bad-" + policy, dir.resolve("runs").toUri().toString(), source, 1, policy));
  }

  private void run(ResolvedExperiment experiment) throws Exception {
    Preprocessing.run(
        experiment,
        StorageSettings.DEFAULTS,
        new Preprocessing.Options(Preprocessing.ALL_SHARDS, Device.cpu(), 4, dir.resolve("work")));
  }

  private DataManifest trainManifest(ResolvedExperiment experiment) throws Exception {
    try (ObjectStore store =
        ObjectStores.open(experiment.storage().experimentUri(), StorageSettings.DEFAULTS)) {
      return DataManifests.readComplete(store, DataSpec.of(experiment.data(), "train"))
          .orElseThrow();
    }
  }

  private static void editCaptions(Path data, Consumer<ObjectNode> edit) {
    try {
      Path file = data.resolve("annotations/captions_train.json");
      ObjectNode json = (ObjectNode) new ObjectMapper().readTree(file.toFile());
      edit.accept(json);
      new ObjectMapper().writeValue(file.toFile(), json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void missingAnnotationFileFailsNamingIt() throws Exception {
    ResolvedExperiment experiment =
        coco("skip", data -> data.resolve("annotations/captions_train.json").toFile().delete());
    assertThatThrownBy(() -> run(experiment))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("captions_train.json does not exist")
        .hasMessageContaining("dataset.source.captionsUri");
  }

  @Test
  void listedButMissingImageFailsOrIsSkippedAndCounted() throws Exception {
    Consumer<Path> delete =
        data -> data.resolve("train/" + ShapesDataset.fileName("train", 2)).toFile().delete();
    assertThatThrownBy(() -> run(coco("fail", delete)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(
            "image shapes_train_000003.png is listed in the captions file but missing");

    ResolvedExperiment skipping = coco("skip", delete);
    run(skipping);
    DataManifest manifest = trainManifest(skipping);
    assertThat(manifest.records()).isEqualTo(5);
    assertThat(manifest.skipped()).isEqualTo(1);
    assertThat(manifest.shards().get(0).skipped().get(0).file())
        .isEqualTo("shapes_train_000003.png");
  }

  @Test
  void unreadableImageFailsNamingIt() throws Exception {
    ResolvedExperiment experiment =
        coco(
            "fail",
            data -> {
              try {
                Files.writeString(data.resolve("train/shapes_train_000004.png"), "not an image");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThatThrownBy(() -> run(experiment))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("image shapes_train_000004.png is not a PNG or JPEG file");
  }

  @Test
  void emptyCaptionFailsNamingTheImageOrIsDroppedUnderSkip() throws Exception {
    Consumer<Path> blank =
        data ->
            editCaptions(
                data, json -> ((ObjectNode) json.get("annotations").get(0)).put("caption", "  "));
    assertThatThrownBy(() -> run(coco("fail", blank)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("caption 0 of shapes_train_000001.png is empty");

    ResolvedExperiment skipping = coco("skip", blank);
    run(skipping);
    DataManifest manifest = trainManifest(skipping);
    assertThat(manifest.records()).isEqualTo(6);
    assertThat(manifest.skipped()).isEqualTo(1);
    assertThat(manifest.paddedImages()).as("4 captions left, one repeated").isEqualTo(1);
  }

  @Test
  void imagesWithFewerThanFiveCaptionsRepeatThemCyclically() throws Exception {
    ResolvedExperiment experiment =
        coco(
            "fail",
            data ->
                editCaptions(
                    data,
                    json -> {
                      ArrayNode annotations = (ArrayNode) json.get("annotations");
                      for (int i = annotations.size() - 1; i >= 0; i--) {
                        if (annotations.get(i).get("image_id").asInt() == 1
                            && annotations.get(i).get("id").asInt() > 2) {
                          annotations.remove(i);
                        }
                      }
                    }));
    run(experiment);
    assertThat(trainManifest(experiment).paddedImages()).isEqualTo(1);
  }

  @Test
  void captionsFileThatIsNotCocoFailsNamingIt() throws Exception {
    ResolvedExperiment experiment =
        coco(
            "skip",
            data -> {
              try {
                Files.writeString(
                    data.resolve("annotations/captions_train.json"), "{\"images\": [");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThatThrownBy(() -> run(experiment))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("captions_train.json is not a COCO captions file");
  }
}
