package io.xmcgan.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xmcgan.experiment.ExperimentSpec;
import io.xmcgan.storage.testing.InProcessS3Server;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints how long the operator takes until each of 500 experiments created at once has
 * its first child Job, and the heap after settling (performance.md: under 30 s, under 256 MB). The
 * heap is that of the whole test JVM, mock API server and S3 server included: an upper bound.
 *
 * <p>Run: {@code ./mvnw -pl operator test -Dtest=ScaleBenchmark -DexcludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("bench")
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ScaleBenchmark {

  static final int EXPERIMENTS = 500;
  static final String NAMESPACE = "bench";

  @Inject KubernetesClient client;

  @Test
  void fiveHundredExperiments() throws Exception {
    try (InProcessS3Server s3 = InProcessS3Server.start()) {
      String bucket = s3.createBucket();
      client.secrets().resource(Experiments.credentials(NAMESPACE)).create();
      ExperimentSpec spec = Experiments.tiny(s3.endpoint(), bucket);
      long start = System.nanoTime();
      for (int i = 0; i < EXPERIMENTS; i++) {
        client.resource(Experiments.experiment(NAMESPACE, "exp-" + i, spec)).create();
      }
      long created = System.nanoTime();
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().size()
                      >= EXPERIMENTS);
      long allChildren = System.nanoTime();
      Thread.sleep(10_000);
      System.gc();
      Thread.sleep(1_000);
      Runtime runtime = Runtime.getRuntime();
      long heap = runtime.totalMemory() - runtime.freeMemory();
      System.out.printf(
          "BENCH experiments=%d create=%.1fs firstChildForAll=%.1fs (from first create)"
              + " heapAfterSettling=%dMB%n",
          EXPERIMENTS, (created - start) / 1e9, (allChildren - start) / 1e9, heap / (1024 * 1024));
    }
  }
}
