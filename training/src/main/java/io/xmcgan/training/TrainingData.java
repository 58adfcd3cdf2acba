package io.xmcgan.training;

import io.xmcgan.dataset.DataManifest;
import io.xmcgan.dataset.DataManifests;
import io.xmcgan.dataset.DataReadiness;
import io.xmcgan.dataset.DataSpec;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Finds an experiment's preprocessed training split and checks that it fits the model. */
public final class TrainingData {

  private TrainingData() {}

  /**
   * The shards of the training split.
   *
   * @throws TrainingDataException when the split is not completely preprocessed for this
   *     experiment's dataset spec, or its embeddings or images do not fit the model
   */
  public static ShardSet shards(ObjectStore store, ResolvedExperiment experiment)
      throws IOException {
    DataSpec spec = DataSpec.of(experiment.data(), DataSpec.TRAIN);
    Optional<DataManifest> found = DataManifests.readComplete(store, spec);
    if (found.isEmpty()) {
      DataReadiness.Readiness readiness = DataReadiness.check(store, spec);
      throw new TrainingDataException(
          "the training data of experiment '"
              + experiment.name()
              + "' is not ready under "
              + store.root()
              + StorageLayout.DATA_DIR
              + ": "
              + readiness.detail()
              + ". Run preprocessing for this experiment first");
    }
    DataManifest manifest = found.get();
    check(manifest, experiment.model());
    return new ShardSet(manifest.shards());
  }

  static void check(DataManifest manifest, ModelConfig model) {
    List<Integer> shape = manifest.embeddingShape();
    String where = StorageLayout.dataManifest(manifest.split());
    if (shape.size() != 3 || shape.get(1) != model.maxTokens() || shape.get(2) != model.textDim()) {
      throw new TrainingDataException(
          where
              + " has caption embeddings of shape "
              + shape
              + " (captions, tokens, width) from text encoder '"
              + manifest.textEncoderId()
              + "', but the model expects "
              + model.maxTokens()
              + " tokens of width "
              + model.textDim()
              + "; set spec.model.textDim to the encoder's width or use an encoder of width "
              + model.textDim());
    }
    if (manifest.imageSize() != model.imageSize()) {
      throw new TrainingDataException(
          where
              + " holds "
              + manifest.imageSize()
              + " px images but the model generates "
              + model.imageSize()
              + " px; preprocess at spec.dataset.imageSize "
              + model.imageSize());
    }
  }
}
