package io.xmcgan.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xmcgan.operator.events.KubernetesEventRecorder;
import io.xmcgan.operator.metrics.OperatorMetrics;
import io.xmcgan.operator.observe.S3StorageCleaner;
import io.xmcgan.operator.observe.S3StorageObserver;
import io.xmcgan.operator.observe.SecretCredentials;
import io.xmcgan.operator.observe.StorageCleaner;
import io.xmcgan.operator.observe.StorageObserver;
import io.xmcgan.operator.reconcile.ExperimentReconciler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The operator's reconciler in a plain JOSDK {@link Operator}, outside Quarkus: what the deployed
 * operator runs, wired by hand so a test can stop it and start a fresh one (an operator restart),
 * point it at any API server (the k3s suite) or put faults between it and storage (the chaos test).
 * Settings mirror application.properties.
 */
public final class StandaloneOperator implements AutoCloseable {

  /**
   * Timings of the deployed operator unless a test needs faster ones.
   *
   * @param reconcileRetries JOSDK's retries of a reconcile that throws
   * @param reconcileRetryInterval JOSDK's first retry delay (doubling, at most a minute)
   */
  public record Timings(
      Duration pollInterval,
      Duration retryBaseDelay,
      Duration retryMaxDelay,
      Duration cleanupTimeout,
      int reconcileRetries,
      Duration reconcileRetryInterval) {
    public static final Timings PRODUCTION =
        new Timings(
            Duration.ofSeconds(15),
            Duration.ofSeconds(10),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            10,
            Duration.ofSeconds(2));
    public static final Timings TEST =
        new Timings(
            Duration.ofSeconds(1),
            Duration.ZERO,
            Duration.ofMinutes(5),
            Duration.ofSeconds(10),
            10,
            Duration.ofSeconds(2));

    public Timings withCleanupTimeout(Duration timeout) {
      return new Timings(
          pollInterval,
          retryBaseDelay,
          retryMaxDelay,
          timeout,
          reconcileRetries,
          reconcileRetryInterval);
    }

    /** JOSDK's retries of a failing reconcile, and the pause after they are used up. */
    public Timings withReconcileRetries(int retries, Duration interval, Duration thenEvery) {
      return new Timings(
          pollInterval, retryBaseDelay, thenEvery, cleanupTimeout, retries, interval);
    }
  }

  /**
   * How the operator is installed, where it differs from the cluster-wide default.
   *
   * @param namespaces the namespaces it watches (quarkus.operator-sdk.namespaces); empty: all
   * @param leaseNamespace where it takes the leader-election lease; empty: no leader election
   * @param storageEndpoints xmcgan.operator.storage-endpoints; empty: any endpoint
   */
  public record Install(
      Set<String> namespaces, Optional<String> leaseNamespace, List<String> storageEndpoints) {
    public static final Install CLUSTER = new Install(Set.of(), Optional.empty(), List.of());
  }

  private final Operator operator;
  private final S3StorageObserver storage;
  private final MeterRegistry registry = new SimpleMeterRegistry();

  private StandaloneOperator(
      KubernetesClient client,
      Timings timings,
      Install install,
      UnaryOperator<StorageObserver> observerFaults,
      UnaryOperator<StorageCleaner> cleanerFaults) {
    OperatorConfig config = config(timings, install.storageEndpoints());
    storage = new S3StorageObserver();
    ExperimentReconciler reconciler =
        new ExperimentReconciler(
            config,
            observerFaults.apply(storage),
            cleanerFaults.apply(new S3StorageCleaner()),
            new SecretCredentials(client, config.credentialsCacheTtl()),
            new KubernetesEventRecorder(client),
            new OperatorMetrics(registry));
    operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(16)
                  .withUseSSAToPatchPrimaryResource(false);
              install
                  .leaseNamespace()
                  .ifPresent(
                      ns ->
                          o.withLeaderElectionConfiguration(
                              // A test's JVM outlives the operator: stopping must not exit it.
                              LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                                      LeaderElection.LEASE_NAME)
                                  .withLeaseNamespace(ns)
                                  .buildForTest(false)));
            });
    operator.register(
        reconciler,
        c -> {
          c.withRetry(
              new GenericRetry()
                  .setMaxAttempts(timings.reconcileRetries())
                  .setInitialInterval(timings.reconcileRetryInterval().toMillis())
                  .setIntervalMultiplier(2)
                  .setMaxInterval(60000));
          if (!install.namespaces().isEmpty()) {
            c.settingNamespaces(install.namespaces());
          }
        });
  }

  public static StandaloneOperator start(KubernetesClient client, Timings timings) {
    return start(client, timings, UnaryOperator.identity(), UnaryOperator.identity());
  }

  /** An operator installed as {@code install} says. */
  public static StandaloneOperator start(
      KubernetesClient client, Timings timings, Install install) {
    StandaloneOperator standalone =
        new StandaloneOperator(
            client, timings, install, UnaryOperator.identity(), UnaryOperator.identity());
    standalone.operator.start();
    return standalone;
  }

  /** An operator whose storage access passes through the given wrappers (fault injection). */
  public static StandaloneOperator start(
      KubernetesClient client,
      Timings timings,
      UnaryOperator<StorageObserver> observerFaults,
      UnaryOperator<StorageCleaner> cleanerFaults) {
    StandaloneOperator standalone =
        new StandaloneOperator(client, timings, Install.CLUSTER, observerFaults, cleanerFaults);
    standalone.operator.start();
    return standalone;
  }

  /** Reconciles completed so far (successful ones). */
  public double reconciles() {
    return counted(OperatorMetrics.RECONCILES, "outcome", "success");
  }

  /** {@code xmcgan_stage_failures_total} for one stage label and reason. */
  public double stageFailures(String stage, String reason) {
    return registry
        .find(OperatorMetrics.STAGE_FAILURES)
        .tag("stage", stage)
        .tag("reason", reason)
        .counters()
        .stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private double counted(String name, String tag, String value) {
    return registry.find(name).tag(tag, value).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  @Override
  public void close() {
    operator.stop();
    storage.close();
  }

  private static OperatorConfig config(Timings timings, List<String> storageEndpoints) {
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
        return timings.retryMaxDelay();
      }

      @Override
      public Duration credentialsCacheTtl() {
        return Duration.ofSeconds(30);
      }

      @Override
      public Duration cleanupTimeout() {
        return timings.cleanupTimeout();
      }

      @Override
      public Optional<List<String>> storageEndpoints() {
        return storageEndpoints.isEmpty() ? Optional.empty() : Optional.of(storageEndpoints);
      }
    };
  }
}
