package io.xmcgan.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.model.Batch;
import io.xmcgan.model.OptimizerSettings;
import io.xmcgan.model.TrainingStep;
import io.xmcgan.model.XmcGanNetworks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The data-parallel arithmetic on the CPU: replicas must compute what one device computes on the
 * whole batch, and one replica what the model's own TrainingStep computes.
 */
@ExtendWith(SingleThreadedTorch.class)
class DataParallelStepTest {

  private static final long SEED = 5;

  private ModelConfig config;
  private NDManager manager;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void setUp() {
    config = TrainingFixtures.experiment("parallel", Path.of("/tmp/unused"), 4, 2, 2, 1).model();
    manager = NDManager.newBaseManager(Device.cpu());
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
    manager.close();
  }

  private XmcGanNetworks networks() {
    XmcGanNetworks networks = XmcGanNetworks.create(config, Device.cpu(), SEED);
    closeables.add(networks);
    return networks;
  }

  private Batch batch(int size, long seed) {
    Random random = new Random(seed);
    int s = config.imageSize();
    float[] images = new float[size * 3 * s * s];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    float[] words = gaussian(random, size * config.maxTokens() * config.textDim());
    float[] maxLen = new float[size];
    for (int i = 0; i < size; i++) {
      maxLen[i] = 3 + random.nextInt(config.maxTokens() - 2);
    }
    return new Batch(
        manager.create(images, new Shape(size, 3, s, s)),
        manager.create(words, new Shape(size, config.maxTokens(), config.textDim())),
        manager.create(maxLen, new Shape(size)),
        manager.create(
            gaussian(random, size * config.textDim()), new Shape(size, config.textDim())),
        manager.create(gaussian(random, size * config.zDim()), new Shape(size, config.zDim())));
  }

  private static float[] gaussian(Random random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static Batch slice(Batch batch, int from, int to) {
    String range = from + ":" + to;
    return new Batch(
        batch.images().get(range),
        batch.words().get(range),
        batch.maxLen().get(range),
        batch.sentence().get(range),
        batch.noise().get(range));
  }

  @Test
  void oneReplicaComputesWhatTheModelsTrainingStepComputes() {
    XmcGanNetworks reference = networks();
    XmcGanNetworks ours = networks();
    OptimizerSettings settings = OptimizerSettings.reference();
    try (TrainingStep model = new TrainingStep(reference, settings, null);
        DataParallelStep parallel = new DataParallelStep(List.of(ours), List.of(), settings)) {
      for (int step = 0; step < 2; step++) {
        Batch first = batch(8, 100 + step * 2);
        Batch second = batch(8, 101 + step * 2);
        Map<String, Float> expected = model.run(List.of(first, second));
        Map<String, Float> actual = run(parallel, List.of(List.of(first), List.of(second)));
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, value) -> assertThat(actual.get(name)).as(name).isEqualTo(value));
      }
      assertParametersClose(reference, ours, 0f);
    }
  }

  /**
   * Two replicas, each on its own thread, compute what one replica computes on the whole batch:
   * losses and both networks' parameters agree over several steps, and the replicas stay equal
   * without being copied.
   */
  @Test
  void twoConcurrentReplicasOfEightMatchOneReplicaOfSixteenOverSeveralSteps() {
    XmcGanNetworks single = networks();
    XmcGanNetworks first = networks();
    XmcGanNetworks second = networks();
    // Adam with eps 1 moves a parameter by about lr * g: linear in the gradient, so float noise in
    // a near-zero gradient (a conv bias before batch norm) stays noise instead of a full lr step.
    OptimizerSettings settings = new OptimizerSettings(1e-3, 1e-3, 0.5, 0.999, 1, 0.999);
    try (DataParallelStep one = new DataParallelStep(List.of(single), List.of(), settings);
        DataParallelStep two = new DataParallelStep(List.of(first, second), List.of(), settings)) {
      for (int step = 0; step < 3; step++) {
        Batch d = batch(16, 200 + 2 * step);
        Batch joint = batch(16, 201 + 2 * step);
        Map<String, Float> whole = run(one, List.of(List.of(d), List.of(joint)));
        Map<String, Float> split =
            run(
                two,
                List.of(
                    List.of(slice(d, 0, 8), slice(d, 8, 16)),
                    List.of(slice(joint, 0, 8), slice(joint, 8, 16))));
        whole.forEach(
            (name, value) ->
                assertThat(split.get(name))
                    .as(name)
                    .isCloseTo(
                        value, org.assertj.core.data.Offset.offset(1e-4f * (1 + Math.abs(value)))));
        assertReplicasOverlapped(two.lastGradientPhases(), 2);
      }
      compare(single.discriminator(), first.discriminator(), 1e-6f, "D");
      compare(single.generator(), first.generator(), 1e-6f, "G");
      // Replicas stay equal without copying (the EMA lives on the first replica only).
      compare(first.generator(), second.generator(), 0f, "G");
      compare(first.discriminator(), second.discriminator(), 0f, "D");
      assertThat(two.generatorAdam().steps()).isEqualTo(one.generatorAdam().steps()).isEqualTo(3);
    }
  }

  /**
   * In every sub-step, the replicas' gradient phases ran at the same time, not one after another.
   */
  private static void assertReplicasOverlapped(List<long[]> phases, int subSteps) {
    assertThat(phases).hasSize(2 * subSteps);
    for (int subStep = 0; subStep < subSteps; subStep++) {
      long index = subStep;
      List<long[]> of = phases.stream().filter(p -> p[0] == index).toList();
      assertThat(of).hasSize(2);
      long latestStart = Math.max(of.get(0)[2], of.get(1)[2]);
      long earliestEnd = Math.min(of.get(0)[3], of.get(1)[3]);
      assertThat(earliestEnd - latestStart)
          .as("overlap of the replicas' gradient phases in sub-step %d (ns)", subStep)
          .isPositive();
    }
  }

  /** One step; its terms as the trainer reads them. */
  private static Map<String, Float> run(DataParallelStep step, List<List<Batch>> batches) {
    try (TermWindow terms = new TermWindow(step.primary().device())) {
      step.run(batches, terms);
      return terms.read().last();
    }
  }

  /** Every parameter of G, EMA-G and D (weights, spectral-norm vectors, BN statistics). */
  private static void assertParametersClose(XmcGanNetworks a, XmcGanNetworks b, float tolerance) {
    compare(a.generator(), b.generator(), tolerance, "G");
    compare(a.emaGenerator(), b.emaGenerator(), tolerance, "EMA-G");
    compare(a.discriminator(), b.discriminator(), tolerance, "D");
  }

  private static void compare(Block a, Block b, float tolerance, String network) {
    List<Pair<String, Parameter>> left = a.getParameters().stream().toList();
    List<Pair<String, Parameter>> right = b.getParameters().stream().toList();
    assertThat(left).hasSameSizeAs(right);
    for (int i = 0; i < left.size(); i++) {
      NDArray x = left.get(i).getValue().getArray();
      NDArray y = right.get(i).getValue().getArray();
      float difference = x.sub(y).abs().max().getFloat();
      assertThat(difference)
          .as(network + " " + left.get(i).getKey())
          .isLessThanOrEqualTo(tolerance);
    }
  }
}
