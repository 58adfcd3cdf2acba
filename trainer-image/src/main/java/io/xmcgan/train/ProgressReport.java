package io.xmcgan.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The content of {@code progress.json} (docs/storage-layout.md), also handed to in-process
 * listeners after every step.
 *
 * @param step generator steps completed
 * @param totalSteps the run's length
 * @param losses the last step's loss terms and contrastive accuracies by name
 * @param imagesPerSecond real images consumed per second (all sub-steps and devices) over the last
 *     report interval
 * @param stepsPerSecond generator steps per second over the last report interval
 * @param etaSeconds estimated seconds until the last step, null before a rate is known
 * @param updatedAt when this report was made (RFC 3339, UTC)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "step",
  "totalSteps",
  "losses",
  "imagesPerSecond",
  "stepsPerSecond",
  "etaSeconds",
  "updatedAt"
})
public record ProgressReport(
    long step,
    long totalSteps,
    Map<String, Double> losses,
    double imagesPerSecond,
    double stepsPerSecond,
    Long etaSeconds,
    String updatedAt) {}
