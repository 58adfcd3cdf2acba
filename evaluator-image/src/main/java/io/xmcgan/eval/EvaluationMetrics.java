package io.xmcgan.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;

/**
 * {@code metrics/step-NNNNNNNN.json}: the scores of one checkpoint. The top-level {@code fid},
 * {@code inceptionScore} and their standard deviations are those of {@link #generator} (the EMA
 * generator), which the operator shows in the experiment's status; {@link #results} holds every
 * evaluated generator with its per-repeat values. Standard deviations are over repeats (numpy's
 * {@code np.std}, 0 for one repeat).
 *
 * @param referenceImages how many real images the reference statistics summarise
 */
public record EvaluationMetrics(
    long step,
    double fid,
    double fidStd,
    double inceptionScore,
    double inceptionScoreStd,
    String generator,
    int numImages,
    int repeats,
    int inceptionSplits,
    Extractor extractor,
    String referenceStatistics,
    long referenceImages,
    List<GeneratorResult> results,
    Timings timings,
    String evaluatedAt) {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /**
   * @param id the experiment's {@code featureExtractor.uri}, or {@code builtin:tiny}
   * @param sha256 digest of the TorchScript file
   */
  public record Extractor(
      String id, String name, String sha256, int inputSize, int featureDimension, int classes) {

    static Extractor of(FeatureExtractorFiles files) {
      ExtractorDescription d = files.description();
      return new Extractor(
          files.id(), d.name(), files.sha256(), d.inputSize(), d.featureDimension(), d.classes());
    }
  }

  /**
   * @param generator {@code ema} or {@code raw}
   * @param inceptionScoreSplitStd per repeat, the standard deviation over the Inception Score's
   *     splits
   */
  public record GeneratorResult(
      String generator,
      double fid,
      double fidStd,
      double inceptionScore,
      double inceptionScoreStd,
      List<Double> fidPerRepeat,
      List<Double> inceptionScorePerRepeat,
      List<Double> inceptionScoreSplitStd) {}

  /**
   * Wall-clock seconds. {@code imagesPerSecond}: generated images per second of generation plus
   * feature extraction, over all repeats and generators.
   */
  public record Timings(
      double checkpointLoadSeconds,
      double referenceStatisticsSeconds,
      double generationSeconds,
      double featureExtractionSeconds,
      double metricsSeconds,
      double totalSeconds,
      double imagesPerSecond) {}

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise metrics of step " + step, e);
    }
  }

  public static EvaluationMetrics fromJson(byte[] json) throws IOException {
    return JSON.readValue(json, EvaluationMetrics.class);
  }
}
