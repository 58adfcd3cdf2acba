package io.xmcgan.operator.reconcile;

import static io.xmcgan.operator.reconcile.LifecycleTest.exit;
import static io.xmcgan.operator.reconcile.LifecycleTest.given;
import static io.xmcgan.operator.reconcile.LifecycleTest.train;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ResourceOperations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.Experiments;
import io.xmcgan.operator.OperatorConfig;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.operator.metrics.OperatorMetrics;
import io.xmcgan.operator.observe.EndpointAllowList;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.stage.Stage;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Events and failure metrics belong to the reconcile that created the Job. A create answered with
 * 409 (an earlier reconcile created it; the cache had not shown it yet) publishes neither.
 */
class PlanExecutorTest {

  private final List<String> events = new ArrayList<>();
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void aJobThatExistsAlreadyPublishesNoEventAndCountsNoFailure() {
    execute(true);

    assertThat(events).isEmpty();
    assertThat(failures("train")).isZero();
  }

  @Test
  void aCreatedJobPublishesItsEventAndCountsItsFailureUnderTheStageLabel() {
    execute(false);

    assertThat(events).singleElement().asString().startsWith(Reason.TrainingRestarted.name());
    assertThat(failures("train")).isEqualTo(1.0);
    assertThat(registry.find(OperatorMetrics.STAGE_FAILURES).counters())
        .allSatisfy(
            c -> assertThat(c.getId().getTag("stage")).isIn("preprocess", "train", "evaluate"));
  }

  /** A crashed trainer is retried; the Job create answers 409 when {@code exists}. */
  private void execute(boolean exists) {
    Plan plan =
        Lifecycle.decide(
            given()
                .policy(p -> LifecycleTest.policy(p, false))
                .job(train(0).failed(exit(1)))
                .input());
    assertThat(plan.launches()).extracting(Plan.Launch::stage).containsExactly(Stage.TRAIN);
    XmcganExperiment resource =
        Experiments.experiment("ns", "exp", Experiments.tiny("http://127.0.0.1:9", "bucket"));
    resource.getMetadata().setUid("uid-1");
    resource.getMetadata().setGeneration(1L);
    SpecCheck.Accepted spec =
        (SpecCheck.Accepted)
            SpecCheck.check(
                "exp", "ns", resource.getSpec(), Optional.empty(), EndpointAllowList.ANY);
    Observation seen =
        new Observation(
            resource,
            new ExperimentStatus(),
            Optional.empty(),
            Set.of(),
            Set.of(),
            Optional.empty());
    new PlanExecutor(
            config(),
            (subject, type, reason, message) -> events.add(reason + ": " + message),
            new OperatorMetrics(registry))
        .execute(context(exists), seen, spec, plan, storage(), Phase.Training);
  }

  private double failures(String stage) {
    return registry.find(OperatorMetrics.STAGE_FAILURES).tag("stage", stage).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  /** A JOSDK context whose creates succeed, or answer 409 for Jobs. */
  @SuppressWarnings("unchecked")
  private static Context<XmcganExperiment> context(boolean jobsExist) {
    ResourceOperations<XmcganExperiment> operations =
        new ResourceOperations<>(null) {
          @Override
          public <R extends HasMetadata> R create(R resource) {
            if (jobsExist && resource instanceof Job) {
              throw new KubernetesClientException("already exists", 409, null);
            }
            resource.setMetadata(
                resource.getMetadata() == null ? new ObjectMeta() : resource.getMetadata());
            return resource;
          }
        };
    return (Context<XmcganExperiment>)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                method.getName().equals("resourceOperations") ? operations : null);
  }

  private static StorageSnapshot storage() {
    return new StorageSnapshot(
        Optional.empty(), Optional.empty(), Optional.empty(), 0, List.of(), Optional.empty());
  }

  private static OperatorConfig config() {
    return new OperatorConfig() {
      @Override
      public String trainerImage() {
        return "trainer";
      }

      @Override
      public String trainerGpuImage() {
        return "trainer-gpu";
      }

      @Override
      public String evaluatorImage() {
        return "evaluator";
      }

      @Override
      public String evaluatorGpuImage() {
        return "evaluator-gpu";
      }

      @Override
      public String imagePullPolicy() {
        return "IfNotPresent";
      }

      @Override
      public Duration pollInterval() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Duration retryBaseDelay() {
        return Duration.ZERO;
      }

      @Override
      public Duration retryMaxDelay() {
        return Duration.ofMinutes(5);
      }

      @Override
      public Duration credentialsCacheTtl() {
        return Duration.ofSeconds(30);
      }

      @Override
      public Duration cleanupTimeout() {
        return Duration.ofMinutes(10);
      }

      @Override
      public Optional<List<String>> storageEndpoints() {
        return Optional.empty();
      }
    };
  }
}
