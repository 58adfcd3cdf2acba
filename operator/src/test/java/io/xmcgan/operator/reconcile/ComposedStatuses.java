package io.xmcgan.operator.reconcile;

import static io.xmcgan.operator.reconcile.LifecycleTest.backoff;
import static io.xmcgan.operator.reconcile.LifecycleTest.eval;
import static io.xmcgan.operator.reconcile.LifecycleTest.exit;
import static io.xmcgan.operator.reconcile.LifecycleTest.given;
import static io.xmcgan.operator.reconcile.LifecycleTest.pre;
import static io.xmcgan.operator.reconcile.LifecycleTest.suspend;
import static io.xmcgan.operator.reconcile.LifecycleTest.train;

import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.Experiments;
import io.xmcgan.operator.observe.EndpointAllowList;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.operator.status.StatusComposer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Statuses the operator writes, each made by {@link StatusComposer} from a plan {@link
 * Lifecycle#decide} made (or for a refused spec or a failed reconcile): every phase and every
 * condition a GitOps tool reads, for the tests of what Argo CD, kstatus and {@code kubectl wait}
 * make of them.
 */
public final class ComposedStatuses {

  /** The generation every status here observed. */
  public static final long GENERATION = 3;

  private ComposedStatuses() {}

  /** Each situation's status, by a name that says what happened. */
  public static Map<String, ExperimentStatus> all() {
    Map<String, ExperimentStatus> statuses = new LinkedHashMap<>();
    statuses.put(
        "Pending, storage unreadable",
        composed(
            given()
                .phase(Phase.Pending)
                .storage(StorageSnapshot.unavailable("cannot read s3://b/"))));
    statuses.put(
        "Pending, waiting for capacity",
        composed(
            given()
                .job(train(0).failed(LifecycleTest.evicted(137)))
                .job(train(1).pending(Reason.Unschedulable, Duration.ofHours(2)))
                .job(eval(0).running())));
    statuses.put("Preprocessing", composed(given().phase(null).data(false)));
    statuses.put(
        "Preprocessing, pod running",
        composed(given().phase(Phase.Preprocessing).data(false).job(pre(0).running())));
    statuses.put(
        "Training, Ready", composed(given().job(train(0).running()).job(eval(0).running())));
    statuses.put("Training, crash retried", composed(given().job(train(0).failed(exit(1)))));
    statuses.put(
        "Training, Stalled by temporary failures",
        composed(
            given()
                .policy(p -> backoff(p, 1))
                .job(train(0).failed(exit(75)))
                .job(train(1).failed(exit(75)))));
    statuses.put("Evaluating", composed(given().job(train(0).succeeded()).job(eval(0).running())));
    statuses.put(
        "Suspended",
        composed(given().policy(p -> suspend(p)).job(train(0).running()).job(eval(0).running())));
    statuses.put("Succeeded", composed(given().job(train(0).succeeded()).job(eval(0).succeeded())));
    statuses.put("Failed, exit 2", composed(given().job(train(0).failed(exit(2)))));
    statuses.put(
        "Failed, backoffLimit",
        composed(
            given()
                .policy(p -> backoff(p, 0))
                .job(train(0).failed(exit(1)))
                .job(eval(0).running())));
    ExperimentStatus training = statuses.get("Training, Ready");
    statuses.put(
        "invalid spec (new experiment)",
        StatusComposer.refused(
            new ExperimentStatus(),
            GENERATION,
            Reason.InvalidSpec,
            "spec.training.steps: must be >= 1, got 0",
            LifecycleTest.NOW));
    statuses.put(
        "endpoint not allowed (while Training)",
        StatusComposer.refused(
            training,
            GENERATION,
            Reason.EndpointNotAllowed,
            "spec.storage.endpoint 'http://169.254.169.254' is not one of the storage endpoints"
                + " this operator may contact",
            LifecycleTest.NOW));
    statuses.put(
        "reconcile failing, retried (while Training)",
        StatusComposer.failedReconcile(
            training, GENERATION, "Job create refused", 2, false, "5m", LifecycleTest.NOW));
    statuses.put(
        "reconcile failed, gave up (while Training)",
        StatusComposer.failedReconcile(
            training, GENERATION, "Job create refused", 10, true, "5m", LifecycleTest.NOW));
    return statuses;
  }

  private static ExperimentStatus composed(LifecycleTest.Given given) {
    LifecycleInput input = given.input();
    Plan plan = Lifecycle.decide(input);
    SpecCheck.Accepted spec =
        (SpecCheck.Accepted)
            SpecCheck.check(
                "exp",
                "ns",
                Experiments.tiny("http://minio.minio:9000", "bucket"),
                Optional.empty(),
                EndpointAllowList.ANY);
    return StatusComposer.compose(
        new ExperimentStatus(),
        GENERATION,
        spec,
        plan,
        input.storage(),
        Optional.empty(),
        LifecycleTest.NOW);
  }
}
