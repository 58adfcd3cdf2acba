package io.xmcgan.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.operator.workloads.ChildNames;
import io.xmcgan.storage.testing.InProcessS3Server;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints how long the operator takes until each of 500 experiments created at once has
 * its first child Job, and the operator's heap after settling (performance.md: under 30 s, under
 * 256 MB). The operator runs with the deployed timings (15 s poll); the experiments are created
 * from 16 threads, as {@code kubectl apply} of many files would.
 *
 * <p>The operator's heap is the used heap after a full GC with the operator running, minus the same
 * measurement once the operator is stopped and dropped: both include the mock API server and the S3
 * server holding the same objects, so the difference is what the operator holds (informer caches,
 * open stores, JOSDK state). Quarkus's own runtime (a fixed cost) is not part of it.
 *
 * <p>Run: {@code ./mvnw -pl operator test -Dtest=ScaleBenchmark -DexcludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("bench")
@EnableKubernetesMockClient(crud = true)
class ScaleBenchmark {

  static final int EXPERIMENTS = 500;
  static final int CREATORS = 16;
  static final String NAMESPACE = "bench";

  KubernetesClient client;

  @Test
  void fiveHundredExperiments() throws Exception {
    try (InProcessS3Server s3 = InProcessS3Server.start()) {
      String bucket = s3.createBucket();
      client.secrets().resource(Experiments.credentials(NAMESPACE)).create();
      ExperimentSpec spec = Experiments.tiny(s3.endpoint(), bucket);
      Map<String, Long> createdAt = new ConcurrentHashMap<>();
      Map<String, Long> firstChildAt = new ConcurrentHashMap<>();
      SharedIndexInformer<Job> jobs =
          client.batch().v1().jobs().inNamespace(NAMESPACE).inform(recordFirstJob(firstChildAt));
      StandaloneOperator operator =
          StandaloneOperator.start(client, StandaloneOperator.Timings.PRODUCTION);

      long start = System.nanoTime();
      ExecutorService creators = Executors.newFixedThreadPool(CREATORS);
      for (int i = 0; i < EXPERIMENTS; i++) {
        String name = "exp-" + i;
        creators.execute(
            () -> {
              createdAt.put(name, System.nanoTime());
              client.resource(Experiments.experiment(NAMESPACE, name, spec)).create();
            });
      }
      creators.shutdown();
      creators.awaitTermination(5, TimeUnit.MINUTES);
      long created = System.nanoTime();
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> firstChildAt.size() >= EXPERIMENTS);
      long allChildren = firstChildAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
      long slowest =
          firstChildAt.entrySet().stream()
              .mapToLong(e -> e.getValue() - createdAt.get(e.getKey()))
              .max()
              .orElse(0);
      double reconcilesToFirstChild = operator.reconciles();

      Thread.sleep(20_000);
      long withOperator = usedHeapAfterGc();
      double reconcilesSettled = operator.reconciles();
      jobs.stop();
      operator.close();
      operator = null;
      long withoutOperator = usedHeapAfterGc();
      System.out.printf(
          "BENCH experiments=%d create=%.1fs firstChildForAll=%.1fs (from first create)"
              + " slowestCreateToFirstChild=%.1fs reconciles=%.0f (at all-first-children) %.0f"
              + " (after 20 s settling) heapWithOperator=%dMB heapWithoutOperator=%dMB"
              + " operatorHeap=%dMB%n",
          EXPERIMENTS,
          (created - start) / 1e9,
          (allChildren - start) / 1e9,
          slowest / 1e9,
          reconcilesToFirstChild,
          reconcilesSettled,
          withOperator >> 20,
          withoutOperator >> 20,
          (withOperator - withoutOperator) >> 20);
    }
  }

  private static ResourceEventHandler<Job> recordFirstJob(Map<String, Long> firstChildAt) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        String experiment = job.getMetadata().getLabels().get(ChildNames.EXPERIMENT_LABEL);
        firstChildAt.putIfAbsent(experiment, System.nanoTime());
      }

      @Override
      public void onUpdate(Job before, Job after) {}

      @Override
      public void onDelete(Job job, boolean finalStateUnknown) {}
    };
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(500);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
