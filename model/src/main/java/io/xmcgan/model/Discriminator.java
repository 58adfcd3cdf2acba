package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.xmcgan.experiment.resolve.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * XMC-GAN discriminator (docs/reference-model.md, "Discriminator"), spectral norm on every conv and
 * dense, NCHW. Inputs: images (M, 3, S, S) in [0, 1] and sentence embeddings (B, E) with M a
 * multiple of B (the batch is [real; fake] with the same captions). Outputs, in order: adversarial
 * logits (M, 1) with the sentence projection term; pooled feature phi (M, C); sentence embedding e
 * = Dense(s) (B, C); region features (M, condSize^2, E) from the last block at condSize.
 */
public final class Discriminator extends NetworkBlock {

  private final ModelConfig config;
  private final List<NetworkBlock> blocks = new ArrayList<>();
  private final int regionBlock;
  private final int featureChannels;
  private final DenseLayer logit;
  private final DenseLayer sentenceEmbedding;
  private final Conv2dLayer regionProjection;

  public Discriminator(ModelConfig config) {
    this.config = config;
    int df = config.dfDim();
    List<Integer> multipliers = config.discriminatorChannels();
    List<Boolean> downsample = config.discriminatorDownsample();
    if (downsample.size() != multipliers.size() || !downsample.get(0)) {
      throw new IllegalArgumentException(
          "discriminatorDownsample "
              + downsample
              + " must have one flag per discriminatorChannels entry "
              + multipliers
              + ", the first (optimized block) true");
    }
    int in = df * multipliers.get(0);
    blocks.add(addChildBlock("optimizedBlock", new DiscOptimizedBlock(3, in)));
    int size = config.imageSize() / 2;
    int region = size == config.condSize() ? 0 : -1;
    int regionChannels = size == config.condSize() ? in : 0;
    for (int i = 1; i < multipliers.size(); i++) {
      int out = df * multipliers.get(i);
      boolean down = downsample.get(i);
      blocks.add(addChildBlock("discBlock" + i, new DiscBlock(in, out, down)));
      size = down ? size / 2 : size;
      if (size == config.condSize()) {
        region = i;
        regionChannels = out;
      }
      in = out;
    }
    if (region < 0) {
      throw new IllegalArgumentException(
          "no discriminator block outputs condSize "
              + config.condSize()
              + " for imageSize "
              + config.imageSize()
              + " and discriminatorDownsample "
              + downsample);
    }
    regionBlock = region;
    featureChannels = in;
    logit = addChildBlock("logit", new DenseLayer(in, 1, true));
    sentenceEmbedding =
        addChildBlock("sentenceEmbedding", new DenseLayer(config.textDim(), in, true));
    regionProjection =
        addChildBlock(
            "regionProjection", new Conv2dLayer(regionChannels, config.textDim(), 1, true));
  }

  public ModelConfig config() {
    return config;
  }

  public int featureChannels() {
    return featureChannels;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> options) {
    NDArray x = Ops.channelsLast(inputs.get(0));
    NDArray sentence = inputs.get(1);
    long m = x.getShape().get(0);
    long b = sentence.getShape().get(0);
    NDArray regionMap = null;
    for (int i = 0; i < blocks.size(); i++) {
      x = blocks.get(i).forward(store, new NDList(x), training, options).head();
      if (i == regionBlock) {
        regionMap = x;
      }
    }
    NDArray pooled = Activation.relu(x).sum(new int[] {2, 3});
    NDArray e = sentenceEmbedding.forward(store, new NDList(sentence), training, options).head();
    NDArray tiledE = m == b ? e : e.tile(new long[] {m / b, 1});
    NDArray logits =
        logit
            .forward(store, new NDList(pooled), training, options)
            .head()
            .add(pooled.mul(tiledE).sum(new int[] {1}, true));
    int cond = config.condSize();
    NDArray regions =
        regionProjection
            .forward(store, new NDList(regionMap), training, options)
            .head()
            .reshape(m, config.textDim(), (long) cond * cond)
            .transpose(0, 2, 1);
    return new DiscriminatorOutputs(logits, pooled, e, regions).toList();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long m = inputShapes[0].get(0);
    long b = inputShapes[1].get(0);
    int cond = config.condSize();
    return new Shape[] {
      new Shape(m, 1),
      new Shape(m, featureChannels),
      new Shape(b, featureChannels),
      new Shape(m, (long) cond * cond, config.textDim())
    };
  }

  /** Each top-level stage with its output shape for a batch of n, for {@code Describe}. */
  List<Stage> stages(long n) {
    List<Stage> stages = new ArrayList<>();
    Shape shape = new Shape(n, 3, config.imageSize(), config.imageSize());
    for (int i = 0; i < blocks.size(); i++) {
      shape = blocks.get(i).getOutputShapes(new Shape[] {shape})[0];
      stages.add(new Stage(children.get(i).getKey(), blocks.get(i), shape));
    }
    int cond = config.condSize();
    stages.add(new Stage("logit", logit, new Shape(n, 1)));
    stages.add(new Stage("sentenceEmbedding", sentenceEmbedding, new Shape(n, featureChannels)));
    stages.add(
        new Stage(
            "regionProjection",
            regionProjection,
            new Shape(n, (long) cond * cond, config.textDim())));
    return stages;
  }

  List<Block> blocks() {
    return List.copyOf(blocks);
  }
}
