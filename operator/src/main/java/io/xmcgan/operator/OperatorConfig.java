package io.xmcgan.operator;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the operator itself (not of an experiment): defaults and timings. */
@ConfigMapping(prefix = "xmcgan.operator")
public interface OperatorConfig {

  /**
   * Image running {@code preprocess}, and {@code train} without GPUs, unless the experiment
   * overrides it: the CPU flavour (docs/images.md).
   */
  String trainerImage();

  /** Image running {@code train} when the experiment asks for GPUs: the CUDA flavour. */
  String trainerGpuImage();

  /** Image running {@code evaluate} without a GPU unless the experiment overrides it. */
  String evaluatorImage();

  /** Image running {@code evaluate} when the experiment gives the evaluator a GPU. */
  String evaluatorGpuImage();

  /** Pull policy of the stage pods unless the experiment sets one. */
  String imagePullPolicy();

  /** How often a running experiment is reconciled to pick up progress written to storage. */
  Duration pollInterval();

  /** Delay before the first retry of a failed training or evaluation attempt; doubles each time. */
  Duration retryBaseDelay();

  /** Upper bound of the retry delay. */
  Duration retryMaxDelay();

  /** How long storage credentials read from a Secret are reused before the Secret is read again. */
  Duration credentialsCacheTtl();

  /**
   * How long deleting an experiment with {@code spec.storage.deleteOnCleanup} may try to stop its
   * pods and delete its objects before it removes the finalizer anyway (with a Warning event).
   */
  Duration cleanupTimeout();

  /**
   * The storage endpoints experiments may name in {@code spec.storage.endpoint}; absent allows any.
   * The operator signs requests to the endpoint from its own network position, so a cluster whose
   * users should not reach arbitrary addresses through it lists its stores here
   * (docs/operations.md, "Storage endpoint allow-list").
   */
  Optional<List<String>> storageEndpoints();
}
