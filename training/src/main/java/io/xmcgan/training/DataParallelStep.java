package io.xmcgan.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.xmcgan.experiment.spec.Augmentation;
import io.xmcgan.model.Adam;
import io.xmcgan.model.Batch;
import io.xmcgan.model.ImageEncoder;
import io.xmcgan.model.Ops;
import io.xmcgan.model.OptimizerSettings;
import io.xmcgan.model.StepSchedule;
import io.xmcgan.model.TrainingStep;
import io.xmcgan.model.XmcGanNetworks;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The model's training step ({@link TrainingStep}: D-only sub-steps, then the joint sub-step of the
 * two-pass recipe, then the EMA) run data-parallel over replicas, one {@code TrainingStep} per
 * device, each on its own thread (docs/training.md, "Concurrent replicas").
 *
 * <p>Each replica computes the gradients of its sub-batch (its own batch-norm groups and
 * contrastive negatives) and lays them out with its loss terms in one flat buffer; the buffers are
 * averaged on the first device in one reduction per sub-step and copied back, and every replica
 * applies the same update with its own Adam, so the replicas' parameters stay equal without being
 * copied. G's batch-norm running statistics are averaged too after the joint sub-step, which makes
 * N replicas of B samples compute exactly what one replica of N x B samples computes (statistics
 * and negatives are per group of 8 either way). The EMA is kept on the first replica, which is the
 * one checkpointed and sampled. No step reads a device value on the host: the loss terms stay on
 * the device in a {@link TermWindow}.
 */
public final class DataParallelStep implements AutoCloseable {

  private final List<TrainingStep> replicas = new ArrayList<>();
  private final ExecutorService workers;
  private final List<long[]> gradientPhases = new CopyOnWriteArrayList<>();

  /**
   * @param networks one per device, with equal parameters (built from the same seed or loaded from
   *     the same checkpoint); the first is the primary
   * @param imageEncoders one per device when the imageEncoder loss term is on, otherwise empty
   */
  public DataParallelStep(
      List<XmcGanNetworks> networks, List<ImageEncoder> imageEncoders, OptimizerSettings settings) {
    this(networks, imageEncoders, settings, Augmentation.none);
  }

  /**
   * @param augmentation what D's input images go through on every replica
   */
  public DataParallelStep(
      List<XmcGanNetworks> networks,
      List<ImageEncoder> imageEncoders,
      OptimizerSettings settings,
      Augmentation augmentation) {
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
              networks.get(r),
              settings,
              imageEncoders.isEmpty() ? null : imageEncoders.get(r),
              augmentation));
    }
    this.workers =
        networks.size() == 1
            ? null
            : Executors.newFixedThreadPool(
                networks.size(),
                runnable -> {
                  Thread thread = new Thread(runnable, "xmcgan-replica");
                  thread.setDaemon(true);
                  return thread;
                });
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
   * the last is a D-only sub-step, the last is the joint one. Adds the joint sub-step's terms and
   * accuracies plus {@code d_loss_substep_k} for each D-only sub-step, each averaged over replicas,
   * to {@code terms} on the primary device.
   */
  public void run(List<List<Batch>> batches, TermWindow terms) {
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
    gradientPhases.clear();
    try (NDScope scope = new NDScope()) {
      terms.add(StepSchedule.run(batches, new Replicas()));
    }
  }

  /** The schedule's sub-steps over every replica, each update from the replicas' mean gradients. */
  private final class Replicas implements StepSchedule.SubSteps<List<Batch>> {

    @Override
    public Map<String, NDArray> discriminatorOnly(List<Batch> subStep) {
      List<TrainingStep.Gradients> averaged =
          average(gradients(r -> replicas.get(r).discriminatorGradients(subStep.get(r))));
      onEveryReplica(
          r -> {
            replicas.get(r).applyDiscriminatorUpdate(averaged.get(r));
            return null;
          });
      return averaged.get(0).terms();
    }

    @Override
    public Map<String, NDArray> joint(List<Batch> subStep) {
      List<TrainingStep.Gradients> averaged =
          average(gradients(r -> replicas.get(r).jointGradients(subStep.get(r))));
      onEveryReplica(
          r -> {
            replicas.get(r).applyJointUpdate(averaged.get(r));
            return null;
          });
      averageGeneratorStatistics();
      return averaged.get(0).terms();
    }

    @Override
    public void afterJointUpdate() {
      replicas.get(0).updateEma();
    }
  }

  /**
   * The gradient phases of the last step: sub-step, replica, and when it started and ended
   * (nanoTime). With several replicas the phases of one sub-step overlap, since every replica has
   * its own thread.
   */
  List<long[]> lastGradientPhases() {
    return List.copyOf(gradientPhases);
  }

  /** Each replica's gradients, computed concurrently, as replicas.get(r) would. */
  private List<TrainingStep.Gradients> gradients(IntFunction<TrainingStep.Gradients> phase) {
    long subStep = gradientPhases.size() / replicas.size();
    return onEveryReplica(
        r -> {
          long started = System.nanoTime();
          TrainingStep.Gradients gradients = phase.apply(r);
          gradientPhases.add(new long[] {subStep, r, started, System.nanoTime()});
          return gradients;
        });
  }

  /**
   * Runs {@code work} for every replica, each on its own thread when there are several, inside a
   * scope of that thread; the arrays of the results move to the caller's scope.
   */
  private <T> List<T> onEveryReplica(IntFunction<T> work) {
    if (workers == null) {
      List<T> single = new ArrayList<>(1);
      single.add(work.apply(0));
      return single;
    }
    List<Future<Result<T>>> futures = new ArrayList<>();
    for (int r = 0; r < replicas.size(); r++) {
      int replica = r;
      futures.add(
          workers.submit(
              () -> {
                try (NDScope scope = new NDScope()) {
                  T value = work.apply(replica);
                  List<NDArray> arrays = arraysOf(value);
                  arrays.forEach(NDScope::unregister);
                  return new Result<>(value, arrays);
                }
              }));
    }
    List<T> results = new ArrayList<>();
    for (Future<Result<T>> future : futures) {
      Result<T> result = await(future);
      result.arrays().forEach(NDScope::register);
      results.add(result.value());
    }
    return results;
  }

  private record Result<T>(T value, List<NDArray> arrays) {}

  private static List<NDArray> arraysOf(Object value) {
    List<NDArray> arrays = new ArrayList<>();
    if (value instanceof TrainingStep.Gradients gradients) {
      arrays.addAll(gradients.generator().values());
      arrays.addAll(gradients.discriminator().values());
      arrays.addAll(gradients.terms().values());
    }
    return arrays;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the replicas trained", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Per replica: every gradient and term replaced by its mean over the replicas, on its device. The
   * replicas' gradients and terms are laid out in one flat buffer each, summed on the primary in
   * one reduction and copied back, so a sub-step moves one buffer per device each way.
   */
  private List<TrainingStep.Gradients> average(List<TrainingStep.Gradients> perReplica) {
    if (perReplica.size() == 1) {
      return perReplica;
    }
    TrainingStep first = replicas.get(0);
    FlatLayout layout =
        FlatLayout.of(
            first.generatorParameters(),
            perReplica.get(0).generator().isEmpty(),
            first.discriminatorParameters(),
            List.copyOf(perReplica.get(0).terms().keySet()));
    Device primary = first.networks().device();
    NDArray sum = null;
    for (int r = 0; r < perReplica.size(); r++) {
      NDArray flat = layout.flatten(replicas.get(r), perReplica.get(r));
      NDArray onPrimary = flat.toDevice(primary, false);
      sum = sum == null ? onPrimary.duplicate() : sum.addi(onPrimary);
    }
    NDArray mean = Ops.scale(sum, 1.0 / perReplica.size());
    List<TrainingStep.Gradients> result = new ArrayList<>();
    for (TrainingStep replica : replicas) {
      result.add(layout.unflatten(mean.toDevice(replica.networks().device(), false)));
    }
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
    Device primary = primary().device();
    NDArray sum = null;
    for (List<NDArray> values : statistics) {
      NDArray flat = concat(values.stream().map(v -> v.reshape(-1)).toList());
      NDArray onPrimary = flat.toDevice(primary, false);
      sum = sum == null ? onPrimary.duplicate() : sum.addi(onPrimary);
    }
    NDArray mean = Ops.scale(sum, 1.0 / statistics.size());
    for (List<NDArray> values : statistics) {
      NDArray local = mean.toDevice(values.get(0).getDevice(), false);
      long offset = 0;
      for (NDArray value : values) {
        long size = value.size();
        NDArray part = local.get(offset + ":" + (offset + size)).reshape(value.getShape());
        value.subi(value).addi(part);
        offset += size;
      }
    }
  }

  private static NDArray concat(List<NDArray> parts) {
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts));
  }

  /**
   * Where each gradient and term lives in a replica's flat buffer: G's gradients (joint sub-step
   * only), D's, then the terms, each parameter in its network's fixed order.
   */
  private record FlatLayout(
      List<Pair<String, Parameter>> generator,
      List<Pair<String, Parameter>> discriminator,
      List<String> terms) {

    static FlatLayout of(
        List<Pair<String, Parameter>> generator,
        boolean withoutGenerator,
        List<Pair<String, Parameter>> discriminator,
        List<String> terms) {
      return new FlatLayout(withoutGenerator ? List.of() : generator, discriminator, terms);
    }

    /**
     * One replica's gradients and terms in one buffer; a parameter without a gradient counts as
     * zero, as in the optimiser.
     */
    NDArray flatten(TrainingStep replica, TrainingStep.Gradients gradients) {
      List<NDArray> parts = new ArrayList<>();
      List<Pair<String, Parameter>> ownGenerator =
          generator.isEmpty() ? List.of() : replica.generatorParameters();
      addGradients(parts, ownGenerator, gradients.generator());
      addGradients(parts, replica.discriminatorParameters(), gradients.discriminator());
      for (String term : terms) {
        parts.add(gradients.terms().get(term).reshape(1));
      }
      return concat(parts);
    }

    private static void addGradients(
        List<NDArray> parts, List<Pair<String, Parameter>> parameters, Map<String, NDArray> grads) {
      for (Pair<String, Parameter> pair : parameters) {
        NDArray gradient = grads.get(pair.getKey());
        parts.add(
            gradient != null
                ? gradient.reshape(-1)
                : pair.getValue().getArray().zerosLike().reshape(-1));
      }
    }

    /** The gradients and terms of a buffer laid out by {@link #flatten}, as views of it. */
    TrainingStep.Gradients unflatten(NDArray flat) {
      long[] offset = {0};
      Map<String, NDArray> g = take(flat, generator, offset);
      Map<String, NDArray> d = take(flat, discriminator, offset);
      Map<String, NDArray> t = new LinkedHashMap<>();
      for (String term : terms) {
        t.put(term, flat.get(offset[0]).reshape(new Shape()));
        offset[0]++;
      }
      return new TrainingStep.Gradients(g, d, t);
    }

    private static Map<String, NDArray> take(
        NDArray flat, List<Pair<String, Parameter>> parameters, long[] offset) {
      Map<String, NDArray> result = new LinkedHashMap<>();
      for (Pair<String, Parameter> pair : parameters) {
        Shape shape = pair.getValue().getArray().getShape();
        long size = shape.size();
        result.put(pair.getKey(), flat.get(offset[0] + ":" + (offset[0] + size)).reshape(shape));
        offset[0] += size;
      }
      return result;
    }
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
    if (workers != null) {
      workers.shutdownNow();
    }
    replicas.forEach(TrainingStep::close);
  }
}
