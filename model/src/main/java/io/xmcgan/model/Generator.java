package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.xmcgan.experiment.resolve.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * XMC-GAN generator (docs/reference-model.md, "Generator"), NCHW. Inputs: z (N, zDim), sentence
 * embedding (N, E), word embeddings (N, T, E), max_len (N) counting CLS and SEP. Output: image (N,
 * 3, S, S) in [0, 1].
 *
 * <p>The global condition g = [Dense(sentence); z] modulates the GenBlocks up to condSize; there
 * the features are projected to E-wide regions that attend once over the words (gamma 15), and the
 * attended context with g tiled forms the spatial condition map that modulates every later block
 * (kept at condSize; the LCBNs upsample their gamma and beta).
 */
public final class Generator extends NetworkBlock {

  private final ModelConfig config;
  private final int baseChannels;
  private final DenseLayer sentenceProjection;
  private final DenseLayer noiseProjection;
  private final List<GenBlock> globalBlocks = new ArrayList<>();
  private Conv2dLayer regionProjection;
  private final List<GenBlock> spatialBlocks = new ArrayList<>();
  private final SpatialModulationBatchNorm outputNorm;
  private final Conv2dLayer outputConv;

  public Generator(ModelConfig config) {
    this.config = config;
    NormSettings norm = NormSettings.of(config);
    int gf = config.gfDim();
    List<Integer> multipliers = config.generatorChannels();
    int globalCond = config.sentenceProjDim() + config.zDim();
    int spatialCond = config.spatialConditionDim();
    baseChannels = gf * multipliers.get(0);
    sentenceProjection =
        addChildBlock(
            "sentenceProjection",
            new DenseLayer(config.textDim(), config.sentenceProjDim(), false));
    noiseProjection =
        addChildBlock(
            "noiseProjection", new DenseLayer(config.zDim(), baseChannels * 4 * 4, false));
    int globalBlockCount = log2(config.condSize() / 4);
    int size = 4;
    int in = baseChannels;
    for (int i = 1; i < multipliers.size(); i++) {
      int out = gf * multipliers.get(i);
      if (i <= globalBlockCount) {
        globalBlocks.add(
            addChildBlock("genBlock" + i, GenBlock.selfModulated(in, out, globalCond, norm)));
      } else {
        spatialBlocks.add(
            addChildBlock("genSpatialBlock" + i, GenBlock.spatial(in, out, spatialCond, norm)));
      }
      if (i == globalBlockCount) {
        regionProjection =
            addChildBlock("regionProjection", new Conv2dLayer(out, config.textDim(), 1, false));
      }
      in = out;
      size *= 2;
    }
    if (regionProjection == null || size != config.imageSize()) {
      throw new IllegalArgumentException(
          "generatorChannels "
              + multipliers
              + " upsample 4x4 to "
              + size
              + " px, but imageSize is "
              + config.imageSize());
    }
    outputNorm = addChildBlock("outputNorm", new SpatialModulationBatchNorm(in, spatialCond, norm));
    outputConv = addChildBlock("outputConv", new Conv2dLayer(in, 3, 3, false));
  }

  private static int log2(int value) {
    return 31 - Integer.numberOfLeadingZeros(value);
  }

  public ModelConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> options) {
    NDArray z = inputs.get(0);
    NDArray sentence = inputs.get(1);
    NDArray words = inputs.get(2);
    NDArray maxLen = inputs.get(3);
    long n = z.getShape().get(0);
    NDArray sentenceCond =
        sentenceProjection.forward(store, new NDList(sentence), training, options).head();
    NDArray globalCond = sentenceCond.concat(z, 1);
    NDArray x =
        noiseProjection
            .forward(store, new NDList(z), training, options)
            .head()
            .reshape(n, baseChannels, 4, 4);
    x = Ops.channelsLast(x);
    for (GenBlock block : globalBlocks) {
      x = block.forward(store, new NDList(x, globalCond), training, options).head();
    }
    int cond = config.condSize();
    int e = config.textDim();
    NDArray regions =
        regionProjection
            .forward(store, new NDList(x), training, options)
            .head()
            .reshape(n, e, (long) cond * cond)
            .transpose(0, 2, 1);
    NDArray mask = WordRegionAttention.paddingMask(maxLen, (int) words.getShape().get(1));
    NDArray context =
        WordRegionAttention.attend(regions, words, mask, config.attentionGamma())
            .transpose(0, 2, 1)
            .reshape(n, e, cond, cond);
    long g = globalCond.getShape().get(1);
    NDArray tiled = globalCond.reshape(n, g, 1, 1).broadcast(new Shape(n, g, cond, cond));
    NDArray conditionMap = Ops.channelsLast(context.concat(tiled, 1));
    for (GenBlock block : spatialBlocks) {
      x = block.forward(store, new NDList(x, conditionMap), training, options).head();
    }
    x = outputNorm.forward(store, new NDList(x, conditionMap), training, options).head();
    x = outputConv.forward(store, new NDList(Activation.relu(x)), training, options).head();
    return new NDList(Ops.scale(Ops.shift(x.tanh(), 1), 0.5));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long n = inputShapes[0].get(0);
    return new Shape[] {new Shape(n, 3, config.imageSize(), config.imageSize())};
  }

  /** Each top-level stage with its output shape for a batch of n, for {@code Describe}. */
  List<Stage> stages(long n) {
    List<Stage> stages = new ArrayList<>();
    int e = config.textDim();
    int cond = config.condSize();
    stages.add(
        new Stage(
            "sentenceProjection", sentenceProjection, new Shape(n, config.sentenceProjDim())));
    stages.add(new Stage("noiseProjection", noiseProjection, new Shape(n, baseChannels, 4, 4)));
    Shape shape = new Shape(n, baseChannels, 4, 4);
    for (GenBlock block : globalBlocks) {
      shape = block.getOutputShapes(new Shape[] {shape})[0];
      stages.add(new Stage(nameOf(block), block, shape));
    }
    stages.add(
        new Stage("regionProjection", regionProjection, new Shape(n, (long) cond * cond, e)));
    for (GenBlock block : spatialBlocks) {
      shape = block.getOutputShapes(new Shape[] {shape})[0];
      stages.add(new Stage(nameOf(block), block, shape));
    }
    stages.add(new Stage("outputNorm", outputNorm, shape));
    stages.add(
        new Stage(
            "outputConv", outputConv, new Shape(n, 3, config.imageSize(), config.imageSize())));
    return stages;
  }

  private String nameOf(ai.djl.nn.Block block) {
    for (var pair : children) {
      if (pair.getValue() == block) {
        return pair.getKey();
      }
    }
    throw new IllegalStateException("not a child: " + block);
  }
}
