package io.xmcgan.storage.files;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.xmcgan.storage.ObjectInfo;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code metrics/step-NNNNNNNN.json}: the scores of one checkpoint. The top-level {@code fid},
 * {@code inceptionScore} and their standard deviations are those of {@link #generator} (the EMA
 * generator), which the operator shows in the experiment's status; {@link #results} holds every
 * evaluated generator with its per-repeat values. Standard deviations are over repeats (numpy's
 * {@code np.std}, 0 for one repeat). Written by the evaluator; read by the operator (status,
 * serving's best-FID checkpoint), the evaluator's server and the CLI's run summary.
 *
 * @param referenceImages how many real images the reference statistics summarise
 * @param captionFollowing how well the EMA generator follows captions, judged by the shapes
 *     dataset's classifier (docs/evaluation.md, "Caption following"); absent for other datasets
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
    String evaluatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) CaptionFollowing captionFollowing) {

  /**
   * @param classifier how the classifier decides, in words
   * @param captions the probe captions, each generated {@code imagesPerCaption} times with fixed
   *     noise: every colour with every shape, alone and on each background
   * @param generated the EMA generator's images
   * @param heldOut the EMA generator's images for the captions that name a colour-shape-background
   *     combination the training split never draws (a subset of {@code generated}'s)
   * @param realImages the same classifier on real dataset images: its ceiling
   */
  public record CaptionFollowing(
      String classifier,
      List<String> captions,
      int imagesPerCaption,
      CaptionScore generated,
      CaptionScore heldOut,
      CaptionScore realImages) {}

  /**
   * @param images how many images were scored
   * @param accuracy share of images with the caption's colour, its shape and, when the caption
   *     names one, its background
   * @param colorAccuracy share with the caption's colour
   * @param shapeAccuracy share with the caption's shape (an object that matches no ideal shape
   *     closely enough has none, and counts as wrong)
   * @param backgroundImages how many of the images have a caption that names a background
   * @param backgroundAccuracy share of those with the caption's background; absent when none does
   * @param shapeAccuracyByShape for each shape ({@code circle}, {@code square}, {@code triangle},
   *     {@code diamond}), the shape accuracy over the images whose caption names it
   * @param shapeOverlapByShape for each shape a caption names, the mean overlap (soft IoU) of its
   *     images' objects with that shape's ideal drawing, 0 for an image with no object: how near
   *     the outlines come to the overlap an image needs to count in {@code shapeAccuracyByShape}
   *     (the shapes probe's threshold); absent in older files
   * @param shapeConfusion for each shape a caption names, how many of its images were seen as each
   *     shape or as {@code none}
   * @param diversity mean absolute difference per pixel and channel (0 to 1) between two images
   *     whose captions name the same colour and shape; a generator that ignores its noise and draws
   *     one image per caption scores near 0 however well it follows the caption
   */
  @JsonPropertyOrder({
    "images",
    "accuracy",
    "colorAccuracy",
    "shapeAccuracy",
    "backgroundImages",
    "backgroundAccuracy",
    "shapeAccuracyByShape",
    "shapeOverlapByShape",
    "shapeConfusion",
    "diversity"
  })
  public record CaptionScore(
      int images,
      double accuracy,
      double colorAccuracy,
      double shapeAccuracy,
      int backgroundImages,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double backgroundAccuracy,
      Map<String, Double> shapeAccuracyByShape,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> shapeOverlapByShape,
      Map<String, Map<String, Integer>> shapeConfusion,
      double diversity) {

    /** The shape with the lowest accuracy, for one-line summaries; empty in older files. */
    @JsonIgnore
    public Optional<Map.Entry<String, Double>> weakestShape() {
      return shapeAccuracyByShape == null
          ? Optional.empty()
          : shapeAccuracyByShape.entrySet().stream().min(Map.Entry.comparingByValue());
    }
  }

  /**
   * @param id the experiment's {@code featureExtractor.uri}, or {@code builtin:tiny}
   * @param sha256 digest of the TorchScript file
   */
  public record Extractor(
      String id, String name, String sha256, int inputSize, int featureDimension, int classes) {}

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
      return StorageJson.mapper().writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise metrics of step " + step, e);
    }
  }

  public static EvaluationMetrics fromJson(byte[] json) throws IOException {
    return StorageJson.mapper().readValue(json, EvaluationMetrics.class);
  }

  /** Writes {@code metrics/step-NNNNNNNN.json} of this step. */
  public void write(ObjectStore store) throws IOException {
    store.writeBytes(StorageLayout.metrics(step), toJson());
  }

  /** Whether the step has its metrics file. */
  public static boolean exists(ObjectStore store, long step) throws IOException {
    return store.exists(StorageLayout.metrics(step));
  }

  /** Every {@code metrics/step-NNNNNNNN.json} of the run, oldest step first. */
  public static List<EvaluationMetrics> list(ObjectStore store) throws IOException {
    List<EvaluationMetrics> metrics = new ArrayList<>();
    for (ObjectInfo info : store.list(StorageLayout.METRICS_DIR)) {
      if (StorageLayout.metricsStepOf(info.key()).isPresent()) {
        metrics.add(fromJson(store.readBytes(info.key())));
      }
    }
    metrics.sort(Comparator.comparingLong(EvaluationMetrics::step));
    return metrics;
  }
}
