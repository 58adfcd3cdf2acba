package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.xmcgan.experiment.resolve.LossName;
import io.xmcgan.experiment.spec.Augmentation;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One XMC-GAN training step (docs/reference-model.md, "Training step and hyper-parameters"): every
 * batch but the last drives a D-only sub-step ({@code train_d}); the last drives the joint sub-step
 * ({@code train_g_d}) that updates G and D from the same pre-update parameters, then the EMA of G.
 * With the reference's two D steps per G step, pass two batches.
 *
 * <p>Each sub-step has two phases, gradients then update, so that a data-parallel step can average
 * the gradients of several replicas in between ({@code io.xmcgan.training.DataParallelStep}).
 *
 * <p>The joint sub-step follows the two-pass recipe (docs/model.md, "The training step and the
 * two-pass recipe"): G runs once (BN in training mode, running statistics written); pass 1 runs D
 * on [real; fake.detached] with a fresh power iteration and back-propagates L_D into D; pass 2 runs
 * D on the fake images with D's parameters excluded from autograd and the same power iteration
 * reused (same sigma as pass 1), and back-propagates L_G into G. Both Adam updates then apply, from
 * gradients of the pre-update parameters. The D-only sub-step runs G in training mode without
 * gradients and without writing its BN statistics, as the reference discards them.
 */
public final class TrainingStep implements AutoCloseable {

  private final XmcGanNetworks networks;
  private final OptimizerSettings settings;
  private final ImageEncoder imageEncoder;
  private final Objective objective;
  private final Augmentation augmentation;
  private final Adam generatorAdam;
  private final Adam discriminatorAdam;
  private final ParameterStore store;
  private final List<Pair<String, Parameter>> generatorParameters;
  private final List<Pair<String, Parameter>> discriminatorParameters;

  /**
   * @param imageEncoder the frozen encoder, required when the config's imageEncoder term is on,
   *     otherwise may be null
   */
  public TrainingStep(
      XmcGanNetworks networks, OptimizerSettings settings, ImageEncoder imageEncoder) {
    this(networks, settings, imageEncoder, Augmentation.none);
  }

  /**
   * @param augmentation what D's input images go through ({@link DiscriminatorAugmentation})
   */
  public TrainingStep(
      XmcGanNetworks networks,
      OptimizerSettings settings,
      ImageEncoder imageEncoder,
      Augmentation augmentation) {
    this.networks = networks;
    this.settings = settings;
    this.imageEncoder = imageEncoder;
    this.augmentation = augmentation;
    var config = networks.config();
    this.objective = new Objective(config.losses(), config.groupSize(), config.maxTokens());
    if (objective.usesImageEncoder() && imageEncoder == null) {
      throw new IllegalArgumentException(
          "the model's imageEncoder loss term is on but no image encoder was given; load one"
              + " or switch the term off");
    }
    this.generatorAdam = settings.newGeneratorAdam();
    this.discriminatorAdam = settings.newDiscriminatorAdam();
    this.store = new ParameterStore(networks.manager(), false);
    this.generatorParameters = XmcGanNetworks.trainableParameters(networks.generator());
    this.discriminatorParameters = XmcGanNetworks.trainableParameters(networks.discriminator());
  }

  public XmcGanNetworks networks() {
    return networks;
  }

  public Adam generatorAdam() {
    return generatorAdam;
  }

  public Adam discriminatorAdam() {
    return discriminatorAdam;
  }

  /** G's trainable parameters in a fixed order (the order of its gradients' flat layout). */
  public List<Pair<String, Parameter>> generatorParameters() {
    return generatorParameters;
  }

  /** D's trainable parameters in a fixed order. */
  public List<Pair<String, Parameter>> discriminatorParameters() {
    return discriminatorParameters;
  }

  /**
   * One sub-step's gradients by parameter name and its loss terms and accuracies. The gradients are
   * the parameters' own accumulators (no copy), valid until the sub-step's update, which applies
   * and then zeroes them. A D-only sub-step has no generator gradients; its only term is {@code
   * d_loss}.
   */
  public record Gradients(
      Map<String, NDArray> generator,
      Map<String, NDArray> discriminator,
      Map<String, NDArray> terms) {}

  /**
   * One training step in the order of {@link StepSchedule}: D-only sub-steps on all batches but the
   * last, the joint sub-step on the last, then the EMA. Returns the joint sub-step's loss terms and
   * accuracies, plus {@code d_loss_substep_k} for each D-only sub-step k (1-based).
   */
  public Map<String, Float> run(List<Batch> batches) {
    try (NDScope scope = new NDScope()) {
      return readToHost(StepSchedule.run(batches, new OneDevice()));
    }
  }

  /** The schedule's sub-steps on this device alone. */
  private final class OneDevice implements StepSchedule.SubSteps<Batch> {

    @Override
    public Map<String, NDArray> discriminatorOnly(Batch batch) {
      Gradients d = discriminatorGradients(batch);
      applyDiscriminatorUpdate(d);
      return d.terms();
    }

    @Override
    public Map<String, NDArray> joint(Batch batch) {
      Gradients joint = jointGradients(batch);
      applyJointUpdate(joint);
      return joint.terms();
    }

    @Override
    public void afterJointUpdate() {
      updateEma();
    }
  }

  /** The reference's {@code train_d}: one D update; G is run but not changed. Returns d_loss. */
  Map<String, Float> discriminatorStep(Batch batch) {
    try (NDScope scope = new NDScope()) {
      Gradients d = discriminatorGradients(batch);
      applyDiscriminatorUpdate(d);
      return readToHost(d.terms());
    }
  }

  /**
   * The reference's {@code train_g_d}: G and D updated from the same pre-update parameters, then
   * the EMA of G. Returns every loss term and contrastive accuracy of both networks.
   */
  Map<String, Float> jointStep(Batch batch) {
    try (NDScope scope = new NDScope()) {
      Gradients joint = jointGradients(batch);
      applyJointUpdate(joint);
      updateEma();
      return readToHost(joint.terms());
    }
  }

  /** Reads scalars to the host in one transfer (one host synchronisation). */
  public static Map<String, Float> readToHost(Map<String, NDArray> scalars) {
    List<String> names = new ArrayList<>(scalars.keySet());
    NDList values = new NDList();
    names.forEach(name -> values.add(scalars.get(name)));
    HostTransfers.read();
    float[] read = NDArrays.stack(values).toFloatArray();
    Map<String, Float> result = new LinkedHashMap<>();
    for (int i = 0; i < read.length; i++) {
      result.put(names.get(i), read[i]);
    }
    return result;
  }

  /**
   * The gradients of a D-only sub-step, without updating anything: G runs in training mode without
   * gradients and without writing its BN statistics (the reference discards them).
   */
  public Gradients discriminatorGradients(Batch batch) {
    NDArray fake =
        networks
            .generator()
            .forward(store, batch.generatorInputs(), true, ForwardOptions.of(false, false))
            .head();
    NDArray dLoss;
    setRequiresGradient(discriminatorParameters, true);
    try (Autograd collector = new Autograd()) {
      Objective.Result d = discriminatorPass(batch, fake.stopGradient()).result();
      collector.backward(d.total());
      dLoss = d.total().stopGradient();
    }
    return new Gradients(
        Map.of(), takeGradients(discriminatorParameters), Map.of(LossName.D_LOSS.key(), dLoss));
  }

  /**
   * D's Adam update from {@code gradients} (missing parameters count as zero gradients), then D's
   * gradient accumulators are zeroed.
   */
  public void applyDiscriminatorUpdate(Gradients gradients) {
    discriminatorAdam.update(discriminatorParameters, gradients.discriminator());
    zeroGradients(discriminatorParameters);
  }

  /**
   * The gradients of the joint sub-step by the two-pass recipe, both taken at the pre-update
   * parameters, without updating any parameter; G's BN running statistics are written.
   */
  public Gradients jointGradients(Batch batch) {
    Map<String, NDArray> terms = new LinkedHashMap<>();
    Map<String, NDArray> discriminatorGradients;
    setRequiresGradient(generatorParameters, true);
    setRequiresGradient(discriminatorParameters, true);
    try (Autograd collector = new Autograd()) {
      NDArray fake =
          networks
              .generator()
              .forward(store, batch.generatorInputs(), true, ForwardOptions.of(true, false))
              .head();
      DiscriminatorPass pass = discriminatorPass(batch, fake.stopGradient());
      Objective.Result d = pass.result();
      collector.backward(d.total());
      discriminatorGradients = takeGradients(discriminatorParameters);

      setRequiresGradient(discriminatorParameters, false);
      DiscriminatorOutputs fakeOutputs =
          DiscriminatorOutputs.of(
              networks
                  .discriminator()
                  .forward(
                      store,
                      new NDList(
                          DiscriminatorAugmentation.apply(augmentation, fake, batch, 1),
                          batch.sentence()),
                      true,
                      ForwardOptions.of(false, true)));
      NDArray realPooled =
          Objective.firstHalf(pass.outputs().pooled(), batch.size()).stopGradient();
      NDArray encodedReal = null;
      NDArray encodedFake = null;
      if (objective.usesImageEncoder()) {
        // One call on [real; fake] is cheaper than two; the real half is detached.
        NDArray encoded = imageEncoder.encode(batch.images().concat(fake, 0));
        encodedReal = Objective.firstHalf(encoded, batch.size()).stopGradient();
        encodedFake = Objective.secondHalf(encoded, batch.size());
      }
      Objective.Result g =
          objective.generator(fakeOutputs, realPooled, batch, encodedReal, encodedFake);
      collector.backward(g.total());
      d.terms().forEach((name, value) -> terms.put(name, value.stopGradient()));
      g.terms().forEach((name, value) -> terms.put(name, value.stopGradient()));
    } finally {
      setRequiresGradient(discriminatorParameters, true);
    }
    return new Gradients(takeGradients(generatorParameters), discriminatorGradients, terms);
  }

  /** Both Adam updates of the joint sub-step, then both networks' accumulators are zeroed. */
  public void applyJointUpdate(Gradients gradients) {
    generatorAdam.update(generatorParameters, gradients.generator());
    discriminatorAdam.update(discriminatorParameters, gradients.discriminator());
    zeroGradients(generatorParameters);
    zeroGradients(discriminatorParameters);
  }

  /** Moves the EMA of G one step towards G (after the joint update). */
  public void updateEma() {
    networks.updateEma(settings.emaDecay());
  }

  private record DiscriminatorPass(DiscriminatorOutputs outputs, Objective.Result result) {}

  /** D on [real; fake] with a fresh power iteration (u written), and D's loss. */
  private DiscriminatorPass discriminatorPass(Batch batch, NDArray detachedFake) {
    NDArray images =
        DiscriminatorAugmentation.apply(
            augmentation, batch.images().concat(detachedFake, 0), batch, 2);
    DiscriminatorOutputs outputs =
        DiscriminatorOutputs.of(
            networks
                .discriminator()
                .forward(
                    store,
                    new NDList(images, batch.sentence()),
                    true,
                    ForwardOptions.of(false, false)));
    return new DiscriminatorPass(outputs, objective.discriminator(outputs, batch));
  }

  private static void setRequiresGradient(List<Pair<String, Parameter>> parameters, boolean on) {
    for (Pair<String, Parameter> pair : parameters) {
      pair.getValue().getArray().setRequiresGradient(on);
    }
  }

  /**
   * The accumulated gradients by parameter name, the accumulators themselves. The joint sub-step
   * takes D's gradients right after its own backward; pass 2 runs with D's parameters excluded from
   * autograd, so nothing later in the sub-step adds to them. Copying them and zeroing the
   * accumulators here cost two passes over every gradient per sub-step; the update zeroes them
   * instead ({@link #zeroGradients}).
   */
  private static Map<String, NDArray> takeGradients(List<Pair<String, Parameter>> parameters) {
    Map<String, NDArray> gradients = new HashMap<>();
    for (Pair<String, Parameter> pair : parameters) {
      NDArray weight = pair.getValue().getArray();
      if (weight.hasGradient()) {
        gradients.put(pair.getKey(), weight.getGradient());
      }
    }
    return gradients;
  }

  /** Zeroes the gradient accumulators (one fill each), for the next sub-step's backward. */
  private static void zeroGradients(List<Pair<String, Parameter>> parameters) {
    for (Pair<String, Parameter> pair : parameters) {
      JniUtils.zeroGrad((PtNDArray) pair.getValue().getArray());
    }
  }

  /** Writes both optimisers' state (G first, then D). */
  public void saveOptimizers(DataOutputStream out) throws IOException {
    generatorAdam.save(out);
    discriminatorAdam.save(out);
  }

  /** Restores both optimisers' state written by {@link #saveOptimizers}. */
  public void loadOptimizers(DataInputStream in) throws IOException {
    generatorAdam.load(in, networks.manager());
    discriminatorAdam.load(in, networks.manager());
  }

  @Override
  public void close() {
    generatorAdam.close();
    discriminatorAdam.close();
  }
}
