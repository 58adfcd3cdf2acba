package io.xmcgan.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.xmcgan.experiment.ModelConfig;
import io.xmcgan.model.Adam;
import io.xmcgan.model.Batch;
import io.xmcgan.model.ForwardOptions;
import io.xmcgan.model.ImageEncoder;
import io.xmcgan.model.Objective;
import io.xmcgan.model.OptimizerSettings;
import io.xmcgan.model.XmcGanNetworks;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's training step ({@link io.xmcgan.model.TrainingStep}: D-only sub-steps, then the joint
 * sub-step of the two-pass recipe, then the EMA) run data-parallel over replicas, one per device.
 * Each replica runs its sub-batch (its own batch-norm groups and contrastive negatives), the
 * gradients are averaged across replicas before every Adam update, and every replica applies the
 * same update with its own Adam, so the replicas' parameters stay equal without being copied. G's
 * batch-norm running statistics are averaged too after the joint sub-step, which makes N replicas
 * of B samples compute exactly what one replica of N x B samples computes (statistics and negatives
 * are per group of 8 either way). The EMA is kept on the first replica, which is the one
 * checkpointed and sampled.
 *
 * <p>The model's {@code TrainingStep} has no hook between backward and update, which is where the
 * averaging goes; with one replica this class does exactly what {@code TrainingStep} does (a test
 * holds the two to equal results).
 */
public final class DataParallelStep implements AutoCloseable {

  private final List<Replica> replicas = new ArrayList<>();
  private final OptimizerSettings settings;
  private final Objective objective;

  private static final class Replica {
    final XmcGanNetworks networks;
    final ImageEncoder imageEncoder;
    final ParameterStore store;
    final List<Pair<String, Parameter>> generator;
    final List<Pair<String, Parameter>> discriminator;
    final List<Parameter> generatorStatistics = new ArrayList<>();
    final Adam generatorAdam;
    final Adam discriminatorAdam;

    Replica(XmcGanNetworks networks, ImageEncoder imageEncoder, OptimizerSettings settings) {
      this.networks = networks;
      this.imageEncoder = imageEncoder;
      this.store = new ParameterStore(networks.manager(), false);
      this.generator = XmcGanNetworks.trainableParameters(networks.generator());
      this.discriminator = XmcGanNetworks.trainableParameters(networks.discriminator());
      for (Pair<String, Parameter> pair : networks.generator().getParameters()) {
        Parameter.Type type = pair.getValue().getType();
        if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
          generatorStatistics.add(pair.getValue());
        }
      }
      this.generatorAdam = settings.newGeneratorAdam();
      this.discriminatorAdam = settings.newDiscriminatorAdam();
    }

    Device device() {
      return networks.device();
    }
  }

  /**
   * @param networks one per device, with equal parameters (built from the same seed or loaded from
   *     the same checkpoint); the first is the primary
   * @param imageEncoders one per device when the imageEncoder loss term is on, otherwise empty
   */
  public DataParallelStep(
      List<XmcGanNetworks> networks, List<ImageEncoder> imageEncoders, OptimizerSettings settings) {
    if (networks.isEmpty()) {
      throw new IllegalArgumentException("data-parallel training needs at least one replica");
    }
    ModelConfig config = networks.get(0).config();
    this.settings = settings;
    this.objective = new Objective(config.losses(), config.groupSize(), config.maxTokens());
    if (objective.usesImageEncoder() && imageEncoders.size() != networks.size()) {
      throw new IllegalArgumentException(
          "the model's imageEncoder loss term is on: load the image encoder once per device ("
              + networks.size()
              + "), got "
              + imageEncoders.size());
    }
    for (int r = 0; r < networks.size(); r++) {
      replicas.add(
          new Replica(
              networks.get(r),
              objective.usesImageEncoder() ? imageEncoders.get(r) : null,
              settings));
    }
  }

  /** The first replica's networks: the ones checkpointed, sampled and evaluated. */
  public XmcGanNetworks primary() {
    return replicas.get(0).networks;
  }

  /** Every replica's networks, the primary first. */
  public List<XmcGanNetworks> networks() {
    return replicas.stream().map(r -> r.networks).toList();
  }

  public int replicaCount() {
    return replicas.size();
  }

  public Adam generatorAdam() {
    return replicas.get(0).generatorAdam;
  }

  public Adam discriminatorAdam() {
    return replicas.get(0).discriminatorAdam;
  }

  /**
   * One training step. {@code batches} is indexed by sub-step, then by replica: every sub-step but
   * the last is a D-only sub-step, the last is the joint one. Returns the joint sub-step's terms
   * and accuracies plus {@code d_loss_substep_k} for each D-only sub-step, each averaged over
   * replicas.
   */
  public Map<String, Float> run(List<List<Batch>> batches) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("a training step needs at least one sub-step");
    }
    for (List<Batch> subStep : batches) {
      if (subStep.size() != replicas.size()) {
        throw new IllegalArgumentException(
            "every sub-step needs one batch per replica ("
                + replicas.size()
                + "), got "
                + subStep.size());
      }
    }
    Map<String, Float> result = new LinkedHashMap<>();
    try (NDScope scope = new NDScope()) {
      List<String> names = new ArrayList<>();
      List<NDArray> values = new ArrayList<>();
      for (int i = 0; i < batches.size() - 1; i++) {
        names.add("d_loss_substep_" + (i + 1));
        values.add(discriminatorSubStep(batches.get(i)));
      }
      for (Map.Entry<String, NDArray> term :
          jointSubStep(batches.get(batches.size() - 1)).entrySet()) {
        names.add(term.getKey());
        values.add(term.getValue());
      }
      float[] read = NDArrays.stack(new NDList(values)).toFloatArray();
      for (int i = 0; i < read.length; i++) {
        result.put(names.get(i), read[i]);
      }
    }
    return result;
  }

  private NDArray discriminatorSubStep(List<Batch> batches) {
    List<NDArray> fakes = new ArrayList<>();
    for (int r = 0; r < replicas.size(); r++) {
      Replica replica = replicas.get(r);
      fakes.add(
          replica
              .networks
              .generator()
              .forward(
                  replica.store,
                  batches.get(r).generatorInputs(),
                  true,
                  ForwardOptions.of(false, false))
              .head()
              .stopGradient());
    }
    List<NDArray> losses = new ArrayList<>();
    replicas.forEach(replica -> setRequiresGradient(replica.discriminator, true));
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      for (int r = 0; r < replicas.size(); r++) {
        Replica replica = replicas.get(r);
        Objective.Result d = discriminatorPass(replica, batches.get(r), fakes.get(r)).result();
        collector.backward(d.total());
        losses.add(d.total().stopGradient());
      }
    }
    averageGradients(r -> r.discriminator);
    for (Replica replica : replicas) {
      applyUpdate(replica.discriminatorAdam, replica.discriminator);
    }
    return meanOnPrimary(losses);
  }

  private Map<String, NDArray> jointSubStep(List<Batch> batches) {
    List<Map<String, NDArray>> terms = new ArrayList<>();
    for (Replica replica : replicas) {
      setRequiresGradient(replica.generator, true);
      setRequiresGradient(replica.discriminator, true);
    }
    try {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        for (int r = 0; r < replicas.size(); r++) {
          terms.add(jointBackward(collector, replicas.get(r), batches.get(r)));
        }
      }
    } finally {
      replicas.forEach(replica -> setRequiresGradient(replica.discriminator, true));
    }
    averageGradients(r -> r.generator);
    averageGradients(r -> r.discriminator);
    for (Replica replica : replicas) {
      applyUpdate(replica.generatorAdam, replica.generator);
      applyUpdate(replica.discriminatorAdam, replica.discriminator);
    }
    averageGeneratorStatistics();
    primary().updateEma(settings.emaDecay());
    Map<String, NDArray> averaged = new LinkedHashMap<>();
    for (String name : terms.get(0).keySet()) {
      averaged.put(name, meanOnPrimary(terms.stream().map(t -> t.get(name)).toList()));
    }
    return averaged;
  }

  /** G once, D's loss into D, then D on the fakes (D frozen, same sigma) and G's loss into G. */
  private Map<String, NDArray> jointBackward(
      GradientCollector collector, Replica replica, Batch batch) {
    Map<String, NDArray> terms = new LinkedHashMap<>();
    NDArray fake =
        replica
            .networks
            .generator()
            .forward(replica.store, batch.generatorInputs(), true, ForwardOptions.of(true, false))
            .head();
    DiscriminatorPass pass = discriminatorPass(replica, batch, fake.stopGradient());
    Objective.Result d = pass.result();
    collector.backward(d.total());

    setRequiresGradient(replica.discriminator, false);
    NDList fakeOutputs =
        replica
            .networks
            .discriminator()
            .forward(
                replica.store,
                new NDList(fake, batch.sentence()),
                true,
                ForwardOptions.of(false, true));
    NDArray realPooled = pass.outputs().get(1).get("0:" + batch.size()).stopGradient();
    NDArray encodedReal = null;
    NDArray encodedFake = null;
    if (objective.usesImageEncoder()) {
      // One call on [real; fake], as the model's TrainingStep does: TorchScript specialises a
      // module on the gradient requirements of its first call's inputs.
      NDArray encoded = replica.imageEncoder.encode(batch.images().concat(fake, 0));
      encodedReal = encoded.get("0:" + batch.size()).stopGradient();
      encodedFake = encoded.get(batch.size() + ":");
    }
    Objective.Result g =
        objective.generator(fakeOutputs, realPooled, batch, encodedReal, encodedFake);
    collector.backward(g.total());
    d.terms().forEach((name, value) -> terms.put(name, value.stopGradient()));
    g.terms().forEach((name, value) -> terms.put(name, value.stopGradient()));
    return terms;
  }

  private record DiscriminatorPass(NDList outputs, Objective.Result result) {}

  /** D on [real; fake] with a fresh power iteration (u written), and D's loss. */
  private DiscriminatorPass discriminatorPass(Replica replica, Batch batch, NDArray detachedFake) {
    NDArray images = batch.images().concat(detachedFake, 0);
    NDList outputs =
        replica
            .networks
            .discriminator()
            .forward(
                replica.store,
                new NDList(images, batch.sentence()),
                true,
                ForwardOptions.of(false, false));
    return new DiscriminatorPass(outputs, objective.discriminator(outputs, batch));
  }

  private interface ParameterList {
    List<Pair<String, Parameter>> of(Replica replica);
  }

  /** Replaces every replica's gradient of each parameter by the mean over the replicas. */
  private void averageGradients(ParameterList parameters) {
    if (replicas.size() == 1) {
      return;
    }
    int count = parameters.of(replicas.get(0)).size();
    for (int i = 0; i < count; i++) {
      List<NDArray> gradients = new ArrayList<>();
      for (Replica replica : replicas) {
        NDArray weight = parameters.of(replica).get(i).getValue().getArray();
        if (!weight.hasGradient()) {
          gradients = null;
          break;
        }
        gradients.add(weight.getGradient());
      }
      if (gradients != null) {
        replaceByMean(gradients);
      }
    }
  }

  private void averageGeneratorStatistics() {
    if (replicas.size() == 1) {
      return;
    }
    int count = replicas.get(0).generatorStatistics.size();
    for (int i = 0; i < count; i++) {
      List<NDArray> values = new ArrayList<>();
      for (Replica replica : replicas) {
        values.add(replica.generatorStatistics.get(i).getArray());
      }
      replaceByMean(values);
    }
  }

  /** Sets each array (one per replica, on its device) in place to the mean of all of them. */
  private void replaceByMean(List<NDArray> arrays) {
    NDArray mean = meanOnPrimary(arrays);
    for (int r = 0; r < arrays.size(); r++) {
      NDArray target = arrays.get(r);
      target.subi(target).addi(mean.toDevice(replicas.get(r).device(), false));
    }
  }

  private NDArray meanOnPrimary(List<NDArray> arrays) {
    Device primary = replicas.get(0).device();
    NDArray sum = arrays.get(0).toDevice(primary, true);
    for (int r = 1; r < arrays.size(); r++) {
      sum = sum.add(arrays.get(r).toDevice(primary, false));
    }
    return arrays.size() == 1 ? sum : sum.div(arrays.size());
  }

  private static void setRequiresGradient(List<Pair<String, Parameter>> parameters, boolean on) {
    for (Pair<String, Parameter> pair : parameters) {
      pair.getValue().getArray().setRequiresGradient(on);
    }
  }

  /** Adam update from the accumulated gradients, which are then reset to zero. */
  private static void applyUpdate(Adam adam, List<Pair<String, Parameter>> parameters) {
    Map<String, NDArray> gradients = new HashMap<>();
    for (Pair<String, Parameter> pair : parameters) {
      NDArray weight = pair.getValue().getArray();
      if (weight.hasGradient()) {
        gradients.put(pair.getKey(), weight.getGradient());
      }
    }
    adam.update(parameters, gradients);
    for (NDArray gradient : gradients.values()) {
      gradient.subi(gradient);
    }
  }

  /** Writes both optimisers' state (G first, then D) as the model's TrainingStep does. */
  public void saveOptimizers(DataOutputStream out) throws IOException {
    generatorAdam().save(out);
    discriminatorAdam().save(out);
  }

  /** Restores one replica's optimiser states from a stream written by {@link #saveOptimizers}. */
  public void loadOptimizers(int replica, DataInputStream in) throws IOException {
    Replica target = replicas.get(replica);
    target.generatorAdam.load(in, target.networks.manager());
    target.discriminatorAdam.load(in, target.networks.manager());
  }

  @Override
  public void close() {
    for (Replica replica : replicas) {
      replica.generatorAdam.close();
      replica.discriminatorAdam.close();
    }
  }
}
