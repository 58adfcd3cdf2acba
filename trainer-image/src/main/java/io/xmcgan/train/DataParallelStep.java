package io.xmcgan.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.xmcgan.model.Adam;
import io.xmcgan.model.Batch;
import io.xmcgan.model.ImageEncoder;
import io.xmcgan.model.OptimizerSettings;
import io.xmcgan.model.TrainingStep;
import io.xmcgan.model.XmcGanNetworks;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The model's training step ({@link TrainingStep}: D-only sub-steps, then the joint sub-step of the
 * two-pass recipe, then the EMA) run data-parallel over replicas, one {@code TrainingStep} per
 * device. Each replica computes the gradients of its sub-batch (its own batch-norm groups and
 * contrastive negatives); the gradients are averaged across replicas between each sub-step's two
 * phases, and every replica applies the same update with its own Adam, so the replicas' parameters
 * stay equal without being copied. G's batch-norm running statistics are averaged too after the
 * joint sub-step, which makes N replicas of B samples compute exactly what one replica of N x B
 * samples computes (statistics and negatives are per group of 8 either way). The EMA is kept on the
 * first replica, which is the one checkpointed and sampled.
 */
public final class DataParallelStep implements AutoCloseable {

  private final List<TrainingStep> replicas = new ArrayList<>();

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
    if (!imageEncoders.isEmpty() && imageEncoders.size() != networks.size()) {
      throw new IllegalArgumentException(
          "load the image encoder once per device ("
              + networks.size()
              + "), got "
              + imageEncoders.size());
    }
    for (int r = 0; r < networks.size(); r++) {
      replicas.add(
          new TrainingStep(
              networks.get(r), settings, imageEncoders.isEmpty() ? null : imageEncoders.get(r)));
    }
  }

  /** The first replica's networks: the ones checkpointed, sampled and evaluated. */
  public XmcGanNetworks primary() {
    return replicas.get(0).networks();
  }

  /** Every replica's networks, the primary first. */
  public List<XmcGanNetworks> networks() {
    return replicas.stream().map(TrainingStep::networks).toList();
  }

  public int replicaCount() {
    return replicas.size();
  }

  public Adam generatorAdam() {
    return replicas.get(0).generatorAdam();
  }

  public Adam discriminatorAdam() {
    return replicas.get(0).discriminatorAdam();
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
    try (NDScope scope = new NDScope()) {
      Map<String, NDArray> result = new LinkedHashMap<>();
      for (int i = 0; i < batches.size() - 1; i++) {
        List<TrainingStep.Gradients> gradients = new ArrayList<>();
        for (int r = 0; r < replicas.size(); r++) {
          gradients.add(replicas.get(r).discriminatorGradients(batches.get(i).get(r)));
        }
        List<TrainingStep.Gradients> averaged = average(gradients);
        for (int r = 0; r < replicas.size(); r++) {
          replicas.get(r).applyDiscriminatorUpdate(averaged.get(r));
        }
        result.put("d_loss_substep_" + (i + 1), averaged.get(0).terms().get("d_loss"));
      }
      List<Batch> last = batches.get(batches.size() - 1);
      List<TrainingStep.Gradients> gradients = new ArrayList<>();
      for (int r = 0; r < replicas.size(); r++) {
        gradients.add(replicas.get(r).jointGradients(last.get(r)));
      }
      List<TrainingStep.Gradients> averaged = average(gradients);
      for (int r = 0; r < replicas.size(); r++) {
        replicas.get(r).applyJointUpdate(averaged.get(r));
      }
      averageGeneratorStatistics();
      replicas.get(0).updateEma();
      result.putAll(averaged.get(0).terms());
      return TrainingStep.readToHost(result);
    }
  }

  /** Per replica: every gradient and term replaced by its mean over the replicas, on its device. */
  private List<TrainingStep.Gradients> average(List<TrainingStep.Gradients> perReplica) {
    if (perReplica.size() == 1) {
      return perReplica;
    }
    Map<String, NDArray> generator = meansOnPrimary(perReplica, TrainingStep.Gradients::generator);
    Map<String, NDArray> discriminator =
        meansOnPrimary(perReplica, TrainingStep.Gradients::discriminator);
    Map<String, NDArray> terms = meansOnPrimary(perReplica, TrainingStep.Gradients::terms);
    List<TrainingStep.Gradients> result = new ArrayList<>();
    for (TrainingStep replica : replicas) {
      Device device = replica.networks().device();
      result.add(
          new TrainingStep.Gradients(
              onDevice(generator, device), onDevice(discriminator, device), terms));
    }
    return result;
  }

  private Map<String, NDArray> meansOnPrimary(
      List<TrainingStep.Gradients> perReplica,
      Function<TrainingStep.Gradients, Map<String, NDArray>> part) {
    Map<String, NDArray> means = new LinkedHashMap<>();
    for (String name : part.apply(perReplica.get(0)).keySet()) {
      means.put(
          name, meanOnPrimary(perReplica.stream().map(g -> part.apply(g).get(name)).toList()));
    }
    return means;
  }

  private static Map<String, NDArray> onDevice(Map<String, NDArray> arrays, Device device) {
    Map<String, NDArray> result = new LinkedHashMap<>();
    arrays.forEach((name, array) -> result.put(name, array.toDevice(device, false)));
    return result;
  }

  /** Sets G's BN running statistics of every replica to their mean over the replicas. */
  private void averageGeneratorStatistics() {
    if (replicas.size() == 1) {
      return;
    }
    List<List<NDArray>> statistics = new ArrayList<>();
    for (TrainingStep replica : replicas) {
      List<NDArray> values = new ArrayList<>();
      for (Pair<String, Parameter> pair : replica.networks().generator().getParameters()) {
        Parameter.Type type = pair.getValue().getType();
        if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
          values.add(pair.getValue().getArray());
        }
      }
      statistics.add(values);
    }
    for (int i = 0; i < statistics.get(0).size(); i++) {
      int index = i;
      List<NDArray> values = statistics.stream().map(list -> list.get(index)).toList();
      NDArray mean = meanOnPrimary(values);
      for (NDArray value : values) {
        value.subi(value).addi(mean.toDevice(value.getDevice(), false));
      }
    }
  }

  private NDArray meanOnPrimary(List<NDArray> arrays) {
    Device primary = primary().device();
    NDArray sum = arrays.get(0).toDevice(primary, true);
    for (int r = 1; r < arrays.size(); r++) {
      sum = sum.add(arrays.get(r).toDevice(primary, false));
    }
    return arrays.size() == 1 ? sum : sum.div(arrays.size());
  }

  /** Writes both optimisers' state (G first, then D) as the model's TrainingStep does. */
  public void saveOptimizers(DataOutputStream out) throws IOException {
    replicas.get(0).saveOptimizers(out);
  }

  /** Restores one replica's optimiser states from a stream written by {@link #saveOptimizers}. */
  public void loadOptimizers(int replica, DataInputStream in) throws IOException {
    replicas.get(replica).loadOptimizers(in);
  }

  @Override
  public void close() {
    replicas.forEach(TrainingStep::close);
  }
}
