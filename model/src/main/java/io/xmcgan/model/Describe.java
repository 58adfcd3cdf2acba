package io.xmcgan.model;

import ai.djl.ndarray.types.Shape;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.resolve.ModelPresets;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints, for a preset, each top-level stage of G and D with its output shape (batch 1) and
 * parameter count, and the totals: trainable parameters, then spectral-norm vectors and batch-norm
 * statistics separately. Needs no native engine: shapes and counts are computed, not run.
 *
 * <p>Usage: {@code Describe [preset ...]} (default: every preset).
 */
public final class Describe {

  private Describe() {}

  public static void main(String[] args) {
    OneDnnIsaLimit.apply();
    List<String> presets = args.length == 0 ? List.copyOf(ModelPresets.names()) : List.of(args);
    for (String preset : presets) {
      ModelConfig config =
          ModelPresets.find(preset)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown preset '" + preset + "'; known: " + ModelPresets.names()));
      describe(config, System.out);
    }
  }

  public static void describe(ModelConfig config, PrintStream out) {
    Generator generator = new Generator(config);
    Discriminator discriminator = new Discriminator(config);
    out.printf(
        Locale.ROOT,
        "preset %s: %d px, z %d, gf %d, df %d, text %d x %d, cond %dx%d%n",
        config.preset(),
        config.imageSize(),
        config.zDim(),
        config.gfDim(),
        config.dfDim(),
        config.maxTokens(),
        config.textDim(),
        config.condSize(),
        config.condSize());
    section("generator", generator.stages(1), ParameterCounts.of(generator), out);
    section("discriminator", discriminator.stages(1), ParameterCounts.of(discriminator), out);
    out.println("frozen image encoder: loaded from TorchScript at training time, not counted");
    out.println();
  }

  private static void section(
      String title, List<Stage> stages, ParameterCounts total, PrintStream out) {
    out.println(title);
    for (Stage stage : stages) {
      out.printf(
          Locale.ROOT,
          "  %-22s %-22s %,14d%n",
          stage.name(),
          format(stage.outputShape()),
          ParameterCounts.of(stage.block()).trainable());
    }
    out.printf(Locale.ROOT, "  %-45s %,14d%n", "total trainable", total.trainable());
    out.printf(
        Locale.ROOT,
        "  %-45s %,14d%n",
        "spectral-norm vectors (not trained)",
        total.spectralNormVectors());
    out.printf(
        Locale.ROOT,
        "  %-45s %,14d%n",
        "batch-norm statistics (not trained)",
        total.batchNormStatistics());
  }

  private static String format(Shape shape) {
    return shape.toString();
  }
}
