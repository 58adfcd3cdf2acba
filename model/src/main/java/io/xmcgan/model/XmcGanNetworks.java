package io.xmcgan.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.engine.NativeMemory;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.spec.Precision;
import io.xmcgan.json.PlainJson;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The three networks of an experiment: G, the EMA copy of G and D, on one device, built from a
 * resolved {@link ModelConfig}. Parameters are saved and loaded in DJL's parameter format behind a
 * header carrying the configuration, so parameters from another configuration are refused.
 */
public final class XmcGanNetworks implements AutoCloseable {

  /** The name of the file that holds {@link #save}'s output in a checkpoint. */
  public static final String CHECKPOINT_FILE = "networks.bin";

  static final String MAGIC = "XMCGAN-NETWORKS";
  static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = PlainJson.mapper();

  private final ModelConfig config;
  private final NDManager manager;
  private final Generator generator;
  private final Generator emaGenerator;
  private final Discriminator discriminator;

  private XmcGanNetworks(ModelConfig config, Device device) {
    this.config = config;
    TorchLogLevel.apply();
    this.manager = NDManager.newBaseManager(device);
    if (!device.isGpu()) {
      OneDnnIsaLimit.applyToEngine();
      NativeMemory.warnOnceIfUnset();
      ConvolutionSelfCheck.verifyOnce(manager);
    }
    this.generator = new Generator(config);
    this.emaGenerator = new Generator(config);
    this.discriminator = new Discriminator(config);
    Shape[] generatorInputs = {
      new Shape(1, config.zDim()),
      new Shape(1, config.textDim()),
      new Shape(1, config.maxTokens(), config.textDim()),
      new Shape(1)
    };
    generator.initialize(manager, DataType.FLOAT32, generatorInputs);
    emaGenerator.initialize(manager, DataType.FLOAT32, generatorInputs);
    discriminator.initialize(
        manager,
        DataType.FLOAT32,
        new Shape(1, 3, config.imageSize(), config.imageSize()),
        new Shape(1, config.textDim()));
  }

  /**
   * New networks with seeded initial values (the same seed gives the same values); EMA-G starts as
   * a copy of G, as in the reference.
   */
  public static XmcGanNetworks create(ModelConfig config, Device device, long seed) {
    XmcGanNetworks networks = new XmcGanNetworks(config, device);
    Initialization.apply(networks.generator, seed);
    Initialization.apply(networks.discriminator, seed + 1);
    networks.copyGeneratorToEma();
    return networks;
  }

  /** Networks whose parameters are read from a stream written by {@link #save}. */
  public static XmcGanNetworks load(ModelConfig config, Device device, InputStream in)
      throws IOException {
    XmcGanNetworks networks = new XmcGanNetworks(config, device);
    try {
      networks.loadParameters(in);
    } catch (IOException | RuntimeException e) {
      networks.close();
      throw e;
    }
    return networks;
  }

  public ModelConfig config() {
    return config;
  }

  public NDManager manager() {
    return manager;
  }

  public Device device() {
    return manager.getDevice();
  }

  public Generator generator() {
    return generator;
  }

  public Generator emaGenerator() {
    return emaGenerator;
  }

  public Discriminator discriminator() {
    return discriminator;
  }

  /** Weights and biases of a block, by their hierarchical names, in a stable order. */
  public static List<Pair<String, Parameter>> trainableParameters(Block block) {
    List<Pair<String, Parameter>> result = new ArrayList<>();
    for (Pair<String, Parameter> pair : block.getParameters()) {
      Parameter.Type type = pair.getValue().getType();
      if (type == Parameter.Type.WEIGHT || type == Parameter.Type.BIAS) {
        result.add(pair);
      }
    }
    return result;
  }

  /** ema = decay * ema + (1 - decay) * g for weights and biases; BN statistics copied from G. */
  /**
   * The arithmetic of the trained networks' convolutions and dense layers (G and D; the EMA
   * generator, used for samples and evaluation, stays float32).
   */
  public void setPrecision(Precision precision) {
    for (Block block : List.of(generator, discriminator)) {
      setPrecision(block, precision);
    }
  }

  private static void setPrecision(Block block, Precision precision) {
    if (block instanceof WeightedLayer layer) {
      layer.setPrecision(precision);
    }
    for (Pair<String, Block> child : block.getChildren()) {
      setPrecision(child.getValue(), precision);
    }
  }

  public void updateEma(double decay) {
    List<Pair<String, Parameter>> raw = generator.getParameters().stream().toList();
    List<Pair<String, Parameter>> ema = emaGenerator.getParameters().stream().toList();
    for (int i = 0; i < raw.size(); i++) {
      NDArray source = raw.get(i).getValue().getArray();
      NDArray target = ema.get(i).getValue().getArray();
      Parameter.Type type = raw.get(i).getValue().getType();
      if (type == Parameter.Type.WEIGHT || type == Parameter.Type.BIAS) {
        target
            .muli(Ops.constant(target, (float) decay))
            .addi(Ops.scale(source, (float) (1 - decay)));
      } else {
        target.muli(Ops.constant(target, 0)).addi(source);
      }
    }
  }

  private void copyGeneratorToEma() {
    updateEma(0.0);
  }

  /**
   * Writes a header (magic, format version, the configuration as JSON) and the parameters of G,
   * EMA-G and D (spectral-norm vectors and BN statistics included) in DJL's parameter format.
   */
  public void save(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeUTF(MAGIC);
    data.writeInt(FORMAT_VERSION);
    byte[] json = JSON.writeValueAsBytes(config);
    data.writeInt(json.length);
    data.write(json);
    generator.saveParameters(data);
    emaGenerator.saveParameters(data);
    discriminator.saveParameters(data);
    data.flush();
  }

  private void loadParameters(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    String magic = data.readUTF();
    if (!MAGIC.equals(magic)) {
      throw new IOException("not XMC-GAN network parameters: header '" + magic + "'");
    }
    int version = data.readInt();
    if (version != FORMAT_VERSION) {
      throw new IOException(
          "network parameters have format version "
              + version
              + "; this build reads version "
              + FORMAT_VERSION);
    }
    byte[] json = new byte[data.readInt()];
    data.readFully(json);
    ModelConfig saved = JSON.readValue(json, ModelConfig.class);
    if (!saved.equals(config)) {
      throw new IncompatibleCheckpointException(describeMismatch(saved, config));
    }
    try {
      generator.loadParameters(manager, data);
      emaGenerator.loadParameters(manager, data);
      discriminator.loadParameters(manager, data);
    } catch (MalformedModelException e) {
      throw new IOException("corrupt network parameters: " + e.getMessage(), e);
    }
  }

  static String describeMismatch(ModelConfig saved, ModelConfig expected) {
    if (!saved.preset().equals(expected.preset())) {
      return "checkpoint was written for model preset '"
          + saved.preset()
          + "' but this experiment uses preset '"
          + expected.preset()
          + "'; start a new experiment or resume with preset '"
          + saved.preset()
          + "'";
    }
    return "checkpoint was written with a different model configuration of preset '"
        + saved.preset()
        + "': saved "
        + new String(writeJson(saved), StandardCharsets.UTF_8)
        + ", expected "
        + new String(writeJson(expected), StandardCharsets.UTF_8);
  }

  private static byte[] writeJson(ModelConfig config) {
    try {
      return JSON.writeValueAsBytes(config);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
