package io.xmcgan.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/**
 * The chaos script on the mock API server with a small fixed set of seeds (the bench runs hundreds:
 * {@code ./bench operator-chaos [iterations] [seed]}). Every iteration injects faults; the
 * invariants must hold in each.
 */
@EnableKubernetesMockClient(crud = true)
class ChaosTest {

  static final int ITERATIONS = 8;
  static final long SEED = 1;

  KubernetesClient client;

  @Test
  void theInvariantsHoldUnderSeededFaults() throws Exception {
    ChaosRun.Report report = ChaosRun.run(client, ITERATIONS, SEED, System.out::println);

    assertThat(report.violations()).isEmpty();
    assertThat(report.faults().values().stream().mapToInt(Integer::intValue).sum())
        .as("faults injected")
        .isGreaterThanOrEqualTo(2 * ITERATIONS);
    assertThat(report.succeeded() + report.failed()).isEqualTo(ITERATIONS);
  }
}
