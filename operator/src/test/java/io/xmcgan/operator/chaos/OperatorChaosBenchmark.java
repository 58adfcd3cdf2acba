package io.xmcgan.operator.chaos;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./bench operator-chaos [iterations] [seed]}: the chaos script of {@link ChaosTest} for as
 * many seeded iterations as asked (default 200 from seed 1), on the Fabric8 mock API server in CRUD
 * mode. Prints one line per iteration, the faults injected per kind, and as its last line {@code
 * invariant violations: N} (must be 0). Not a test: it never fails, it reports.
 */
public final class OperatorChaosBenchmark {

  /**
   * Warnings only: the mock API server logs every request and the operator every Job at INFO. Kept
   * in a field so that the setting is not garbage-collected with the logger.
   */
  private static final Logger ROOT_LOG = Logger.getLogger("");

  private OperatorChaosBenchmark() {}

  public static void main(String[] args) throws Exception {
    ROOT_LOG.setLevel(Level.WARNING);
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    Map<
            io.fabric8.mockwebserver.ServerRequest,
            java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>
        responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    ChaosRun.Report report;
    try (KubernetesClient client = server.createClient()) {
      report = ChaosRun.run(client, iterations, seed, System.out::println);
    } finally {
      server.destroy();
    }
    System.out.printf(
        "operator-chaos: %d iterations from seed %d in %.1f s: %d Succeeded, %d Failed (exit 2"
            + " injected)%n",
        report.iterations(),
        seed,
        report.elapsed().toMillis() / 1000.0,
        report.succeeded(),
        report.failed());
    System.out.println("faults injected:");
    int total = 0;
    for (Fault fault : Fault.values()) {
      int count = report.faults().getOrDefault(fault, 0);
      total += count;
      System.out.printf("  %-48s %5d%n", fault.description(), count);
    }
    System.out.printf("  %-48s %5d%n", "total", total);
    report.violations().forEach(v -> System.out.println("violation: " + v));
    System.out.println("invariant violations: " + report.violations().size());
    // The HTTP clients' threads would keep exec:java waiting.
    System.exit(0);
  }
}
