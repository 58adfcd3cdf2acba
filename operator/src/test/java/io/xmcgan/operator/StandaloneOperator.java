package io.xmcgan.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xmcgan.operator.events.KubernetesEventRecorder;
import io.xmcgan.operator.metrics.OperatorMetrics;
import io.xmcgan.operator.observe.S3StorageObserver;
import io.xmcgan.operator.observe.SecretCredentials;
import io.xmcgan.operator.reconcile.ExperimentReconciler;
import java.time.Duration;

/**
 * The operator's reconciler in a plain JOSDK {@link Operator}, outside Quarkus: what the deployed
 * operator runs, wired by hand so a test can stop it and start a fresh one (an operator restart) or
 * point it at any API server (the k3s suite). Settings mirror application.properties.
 */
public final class StandaloneOperator implements AutoCloseable {

  /** Timings of the deployed operator unless a test needs faster polling. */
  public record Timings(Duration pollInterval, Duration retryBaseDelay) {
    public static final Timings PRODUCTION =
        new Timings(Duration.ofSeconds(15), Duration.ofSeconds(10));
    public static final Timings TEST = new Timings(Duration.ofSeconds(1), Duration.ZERO);
  }

  private final Operator operator;
  private final S3StorageObserver storage;
  private final MeterRegistry registry = new SimpleMeterRegistry();

  private StandaloneOperator(KubernetesClient client, Timings timings) {
    OperatorConfig config = config(timings);
    storage = new S3StorageObserver();
    ExperimentReconciler reconciler =
        new ExperimentReconciler(
            config,
            storage,
            new SecretCredentials(client, config.credentialsCacheTtl()),
            new KubernetesEventRecorder(client),
            new OperatorMetrics(registry));
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(16)
                    .withUseSSAToPatchPrimaryResource(false));
    operator.register(
        reconciler,
        c ->
            c.withRetry(
                new GenericRetry()
                    .setMaxAttempts(10)
                    .setInitialInterval(2000)
                    .setIntervalMultiplier(2)
                    .setMaxInterval(60000)));
  }

  public static StandaloneOperator start(KubernetesClient client, Timings timings) {
    StandaloneOperator standalone = new StandaloneOperator(client, timings);
    standalone.operator.start();
    return standalone;
  }

  /** Reconciles completed so far (successful ones). */
  public double reconciles() {
    return registry.find(OperatorMetrics.RECONCILES).counters().stream()
        .filter(c -> "success".equals(c.getId().getTag("outcome")))
        .mapToDouble(c -> c.count())
        .sum();
  }

  @Override
  public void close() {
    operator.stop();
    storage.close();
  }

  private static OperatorConfig config(Timings timings) {
    return new OperatorConfig() {
      @Override
      public String trainerImage() {
        return "ghcr.io/xmcgan/xmcgan-trainer:0.1.0";
      }

      @Override
      public String trainerGpuImage() {
        return "ghcr.io/xmcgan/xmcgan-trainer:0.1.0-cu128";
      }

      @Override
      public String evaluatorImage() {
        return "ghcr.io/xmcgan/xmcgan-evaluator:0.1.0";
      }

      @Override
      public String evaluatorGpuImage() {
        return "ghcr.io/xmcgan/xmcgan-evaluator:0.1.0-cu128";
      }

      @Override
      public String imagePullPolicy() {
        return "IfNotPresent";
      }

      @Override
      public Duration pollInterval() {
        return timings.pollInterval();
      }

      @Override
      public Duration retryBaseDelay() {
        return timings.retryBaseDelay();
      }

      @Override
      public Duration retryMaxDelay() {
        return Duration.ofMinutes(5);
      }

      @Override
      public Duration credentialsCacheTtl() {
        return Duration.ofSeconds(30);
      }
    };
  }
}
