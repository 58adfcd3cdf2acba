package io.xmcgan.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.xmcgan.experiment.LossConfig;
import io.xmcgan.experiment.LossTerm;
import io.xmcgan.experiment.ModelConfig;
import io.xmcgan.experiment.ModelPresets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints seconds per full training step (2 D sub-steps + the joint G/D sub-step: forward, backward,
 * both Adam updates, EMA) at batch 8 per sub-step, median of several steps after one warm-up step.
 * Not a test. Run with 2 intra-op threads, e.g. {@code -Dai.djl.pytorch.num_threads=2
 * -Dai.djl.pytorch.num_interop_threads=1}.
 *
 * <p>Usage: {@code TrainingStepBenchmark [preset] [steps]}; coco presets run without the frozen
 * image-encoder term (as the reference measurement).
 */
public final class TrainingStepBenchmark {

  private TrainingStepBenchmark() {}

  public static void main(String[] args) {
    OneDnnIsaLimit.apply();
    String preset = args.length > 0 ? args[0] : ModelPresets.TINY;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    ModelConfig config = withoutEncoder(ModelPresets.find(preset).orElseThrow());
    System.out.printf(
        Locale.ROOT,
        "engine %s, threads: %s%n",
        Engine.getInstance().getEngineName(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"));
    try (XmcGanNetworks networks = XmcGanNetworks.create(config, Device.cpu(), 42);
        TrainingStep step = new TrainingStep(networks, OptimizerSettings.reference(), null)) {
      double[] seconds = new double[steps];
      for (int i = -1; i < steps; i++) {
        List<Batch> batches = new ArrayList<>();
        batches.add(TestBatches.random(networks.manager(), config, 8, 2L * i + 100));
        batches.add(TestBatches.random(networks.manager(), config, 8, 2L * i + 101));
        long start = System.nanoTime();
        step.run(batches);
        double elapsed = (System.nanoTime() - start) / 1e9;
        batches.forEach(
            b -> {
              b.images().close();
              b.words().close();
              b.maxLen().close();
              b.sentence().close();
              b.noise().close();
            });
        if (i >= 0) {
          seconds[i] = elapsed;
        }
        System.out.printf(Locale.ROOT, "%s step %d: %.3f s%n", preset, i, elapsed);
      }
      Arrays.sort(seconds);
      System.out.printf(
          Locale.ROOT,
          "%s batch 8: median %.3f s/step over %d steps (min %.3f, max %.3f)%n",
          preset,
          seconds[steps / 2],
          steps,
          seconds[0],
          seconds[steps - 1]);
    }
  }

  private static ModelConfig withoutEncoder(ModelConfig config) {
    LossConfig l = config.losses();
    return new ModelConfig(
        config.preset(),
        config.imageSize(),
        config.zDim(),
        config.gfDim(),
        config.dfDim(),
        config.textDim(),
        config.maxTokens(),
        config.sentenceProjDim(),
        config.condSize(),
        config.generatorChannels(),
        config.discriminatorChannels(),
        config.discriminatorDownsample(),
        config.attentionGamma(),
        config.bnMomentum(),
        config.bnEpsilon(),
        config.groupSize(),
        new LossConfig(
            l.temperature(),
            l.wordGamma1(),
            l.wordGamma2(),
            l.wordGamma3(),
            l.sentence(),
            l.word(),
            l.image(),
            LossTerm.OFF));
  }
}
