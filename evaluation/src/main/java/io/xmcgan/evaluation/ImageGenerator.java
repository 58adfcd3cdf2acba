package io.xmcgan.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.model.Generator;
import io.xmcgan.model.XmcGanNetworks;

/**
 * Runs a generator in inference mode (batch norm with its running statistics) on caption embeddings
 * and noise. The sentence embedding is derived as preprocessing's consumers do: the sum of all
 * token vectors (padding included) divided by max_len.
 */
public final class ImageGenerator {

  /** Which of the two generators of a checkpoint. */
  public enum Variant {
    EMA("ema"),
    RAW("raw");

    private final String label;

    Variant(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final XmcGanNetworks networks;
  private final ModelConfig config;

  public ImageGenerator(XmcGanNetworks networks) {
    this.networks = networks;
    this.config = networks.config();
  }

  public ModelConfig config() {
    return config;
  }

  /**
   * Images (N, 3, S, S) in [0, 1], attached to {@code manager}.
   *
   * @param words (N × tokens × textDim) token vectors
   * @param maxLen N token counts
   * @param noise (N × zDim) values
   */
  public NDArray generate(
      NDManager manager, Variant variant, float[] words, int[] maxLen, float[] noise) {
    int n = maxLen.length;
    int tokens = config.maxTokens();
    int width = config.textDim();
    if (words.length != n * tokens * width || noise.length != n * config.zDim()) {
      throw new IllegalArgumentException(
          "generator inputs for "
              + n
              + " images need "
              + n * tokens * width
              + " word values and "
              + n * config.zDim()
              + " noise values, got "
              + words.length
              + " and "
              + noise.length);
    }
    float[] lengths = new float[n];
    for (int i = 0; i < n; i++) {
      lengths[i] = maxLen[i];
    }
    // Ops whose first operand is a parameter (e.g. the spectral-norm weight division) attach
    // their results to the networks' manager; the scope frees them after every batch.
    try (NDScope scope = new NDScope();
        NDManager batch = networks.manager().newSubManager()) {
      NDArray wordArray = batch.create(words, new Shape(n, tokens, width));
      NDArray lengthArray = batch.create(lengths, new Shape(n));
      NDArray sentence = wordArray.sum(new int[] {1}).div(lengthArray.reshape(n, 1));
      NDArray z = batch.create(noise, new Shape(n, config.zDim()));
      Generator generator = variant == Variant.EMA ? networks.emaGenerator() : networks.generator();
      NDArray images =
          generator
              .forward(
                  new ParameterStore(batch, false),
                  new NDList(z, sentence, wordArray, lengthArray),
                  false)
              .head();
      NDScope.unregister(images);
      images.attach(manager);
      return images;
    }
  }
}
