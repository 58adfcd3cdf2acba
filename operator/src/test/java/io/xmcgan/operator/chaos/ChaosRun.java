package io.xmcgan.operator.chaos;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.spec.RunPolicySpec;
import io.xmcgan.experiment.status.ConditionType;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.operator.Experiments;
import io.xmcgan.operator.StandaloneOperator;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.operator.observe.StorageObserver;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.stage.Stage;
import io.xmcgan.storage.testing.InProcessS3Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seeded chaos script (docs/operator-internals.md): iteration {@code i} creates one experiment
 * in its own namespace, runs it on a {@link SimulatedCluster} and, at ticks drawn from the seed
 * {@code seed + i}, fails pods (exit 1, 75, 137 after SIGTERM, DisruptionTarget, exit 2), deletes
 * Jobs, restarts the operator, takes S3 away, suspends and resumes, and takes capacity away. Then
 * it checks the invariants: never two live trainer pods, no checkpoint lost or written twice, no
 * two events for one cause, and every experiment Succeeded, or Failed only for an injected
 * permanent cause (exit 2).
 */
final class ChaosRun {

  static final String NAME = "exp";

  /** The operator's timings: fast polling, so an iteration takes seconds. */
  static final StandaloneOperator.Timings TIMINGS =
      new StandaloneOperator.Timings(
          Duration.ofMillis(300),
          Duration.ZERO,
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          10,
          Duration.ofMillis(200));

  private static final Duration TICK = Duration.ofMillis(50);
  private static final Duration ITERATION_LIMIT = Duration.ofSeconds(90);
  private static final int BACKOFF_LIMIT = 3;
  private static final Pattern RESTART_CAUSE = Pattern.compile("^pod (\\S+) exited");

  /** What a run did and found. */
  record Report(
      int iterations,
      Map<Fault, Integer> faults,
      int succeeded,
      int failed,
      List<String> violations,
      Duration elapsed) {}

  private final KubernetesClient client;
  private final InProcessS3Server s3;
  private final String bucket;
  private final Consumer<String> log;
  private final AtomicBoolean storageDown = new AtomicBoolean();
  private final AtomicBoolean noCapacity = new AtomicBoolean();
  private final Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
  private final List<String> violations = new ArrayList<>();
  private StandaloneOperator operator;

  private ChaosRun(KubernetesClient client, InProcessS3Server s3, Consumer<String> log) {
    this.client = client;
    this.s3 = s3;
    this.bucket = s3.createBucket();
    this.log = log;
  }

  /** Runs iterations {@code seed}, {@code seed + 1}, … against the API server of {@code client}. */
  static Report run(KubernetesClient client, int iterations, long seed, Consumer<String> log)
      throws Exception {
    long start = System.nanoTime();
    try (InProcessS3Server s3 = InProcessS3Server.start()) {
      ChaosRun run = new ChaosRun(client, s3, log);
      run.startOperator();
      int succeeded = 0;
      int failed = 0;
      try {
        for (int i = 0; i < iterations; i++) {
          Phase end = run.iteration(i, seed + i);
          if (end == Phase.Succeeded) {
            succeeded++;
          } else if (end == Phase.Failed) {
            failed++;
          }
        }
      } finally {
        run.operator.close();
      }
      return new Report(
          iterations,
          run.faults,
          succeeded,
          failed,
          run.violations,
          Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private void startOperator() {
    UnaryOperator<StorageObserver> s3Faults =
        observer ->
            target ->
                storageDown.get()
                    ? StorageSnapshot.unavailable("chaos: S3 unavailable")
                    : observer.observe(target);
    operator = StandaloneOperator.start(client, TIMINGS, s3Faults, UnaryOperator.identity());
  }

  /** One experiment from creation to its end; returns the phase it ended in. */
  private Phase iteration(int index, long seed) throws Exception {
    String namespace = "chaos-" + seed;
    Random random = new Random(seed);
    List<String> found = new ArrayList<>();
    Consumer<String> violation =
        v -> {
          found.add(v);
          violations.add(v);
        };
    ExperimentSpec spec = spec();
    SimulatedCluster cluster =
        new SimulatedCluster(
            client,
            s3,
            namespace,
            NAME,
            spec,
            seed,
            new SimulatedCluster.Chaos() {
              @Override
              public boolean storageDown() {
                return storageDown.get();
              }

              @Override
              public boolean noCapacity() {
                return noCapacity.get();
              }
            },
            violation);
    client.secrets().resource(Experiments.credentials(namespace)).create();
    client.resource(Experiments.experiment(namespace, NAME, spec)).create();

    Script script = new Script(random);
    long deadline = System.nanoTime() + ITERATION_LIMIT.toNanos();
    int tick = 0;
    ExperimentStatus status = null;
    while (System.nanoTime() < deadline) {
      script.act(tick, cluster, namespace);
      cluster.tick();
      status = status(namespace);
      if (status != null && status.getPhase() != null && status.getPhase().isFinal()) {
        // Faults not applied yet have nothing left to act on.
        script.finished();
        if (script.done()) {
          break;
        }
      }
      tick++;
      Thread.sleep(TICK.toMillis());
    }
    storageDown.set(false);
    noCapacity.set(false);

    Phase end = status == null ? null : status.getPhase();
    if (end == null || !end.isFinal()) {
      violation.accept(
          namespace
              + ": did not finish within "
              + ITERATION_LIMIT.toSeconds()
              + "s: "
              + (status == null ? "no status" : end + ": " + status.getMessage()));
    } else if (end == Phase.Failed && !script.permanentInjected) {
      violation.accept(
          namespace
              + ": Failed without an injected permanent cause: "
              + status.findCondition(ConditionType.Succeeded).orElseThrow().getReason()
              + ": "
              + status.getMessage());
    } else if (end == Phase.Failed
        && !Reason.InvalidInput.name()
            .equals(status.findCondition(ConditionType.Succeeded).orElseThrow().getReason())) {
      violation.accept(namespace + ": Failed for another cause: " + status.getMessage());
    }
    checkEvents(namespace, end, violation);
    cluster.checkCheckpointsKept();
    log.accept(
        String.format(
            "iteration %d (seed %d): %s after %d ticks, faults %s%s",
            index,
            seed,
            end,
            tick,
            script.applied,
            found.isEmpty() ? "" : ", violations: " + found));
    return end;
  }

  /**
   * No two events for one cause: at most one restart event per failed pod, and one Succeeded event
   * for a Succeeded experiment.
   */
  private void checkEvents(String namespace, Phase end, Consumer<String> violation) {
    List<Event> events = client.v1().events().inNamespace(namespace).list().getItems();
    Map<String, Integer> restartsPerPod = new HashMap<>();
    int succeeded = 0;
    for (Event event : events) {
      if (event.getReason().endsWith("Restarted")) {
        Matcher cause = RESTART_CAUSE.matcher(event.getMessage());
        if (cause.find()) {
          restartsPerPod.merge(cause.group(1), 1, Integer::sum);
        }
      }
      if (event.getReason().equals(Reason.Succeeded.name())) {
        succeeded++;
      }
      if (event.getCount() != null && event.getCount() > 1) {
        violation.accept(
            namespace + ": event recorded " + event.getCount() + " times: " + event.getMessage());
      }
    }
    restartsPerPod.forEach(
        (pod, count) -> {
          if (count > 1) {
            violation.accept(namespace + ": " + count + " restart events for pod " + pod);
          }
        });
    if (end == Phase.Succeeded && succeeded != 1) {
      violation.accept(namespace + ": " + succeeded + " Succeeded events");
    }
  }

  private ExperimentStatus status(String namespace) {
    XmcganExperiment experiment =
        client.resources(XmcganExperiment.class).inNamespace(namespace).withName(NAME).get();
    return experiment == null ? null : experiment.getStatus();
  }

  private ExperimentSpec spec() {
    ExperimentSpec spec =
        ExperimentManifests.readSpec(
            """
            dataset:
              source:
                builtin: shapes
            model:
              preset: tiny
            training:
              steps: 60
              gpusPerPod: 0
            storage:
              endpoint: %s
              bucket: %s
              credentialsSecret: %s
            """
                .formatted(s3.endpoint(), bucket, Experiments.SECRET));
    RunPolicySpec policy = new RunPolicySpec();
    policy.setBackoffLimit(BACKOFF_LIMIT);
    spec.setRunPolicy(policy);
    return spec;
  }

  /**
   * The faults of one iteration: two to six, at ticks drawn from its seed. A fault that needs a
   * running pod waits for one. Crashes (and deletions of preprocessing pods, which its Job counts)
   * stay within backoffLimit per stage, so only exit 2 is a permanent cause.
   */
  private final class Script {
    private final Random random;
    private final List<int[]> planned = new ArrayList<>();
    private final Map<Stage, Integer> counted = new EnumMap<>(Stage.class);
    final Map<Fault, Integer> applied = new EnumMap<>(Fault.class);
    boolean permanentInjected;
    private int resumeAt = -1;
    private int storageBackAt = -1;
    private int capacityBackAt = -1;

    Script(Random random) {
      this.random = random;
      int count = 2 + random.nextInt(5);
      for (int i = 0; i < count; i++) {
        // An undisturbed experiment finishes in about 20 ticks: the faults fall within them.
        planned.add(new int[] {1 + random.nextInt(18), pick().ordinal()});
      }
    }

    private Fault pick() {
      int roll = random.nextInt(100);
      if (roll < 3) {
        return Fault.INVALID_INPUT;
      }
      Fault[] common = {
        Fault.CRASH,
        Fault.TEMPORARY,
        Fault.KILLED,
        Fault.PREEMPTED,
        Fault.JOB_DELETED,
        Fault.OPERATOR_RESTART,
        Fault.STORAGE_DOWN,
        Fault.SUSPEND_RESUME,
        Fault.NO_CAPACITY
      };
      return common[random.nextInt(common.length)];
    }

    void finished() {
      planned.clear();
    }

    /** No fault left to apply and every outage over. */
    boolean done() {
      return planned.isEmpty() && resumeAt < 0 && storageBackAt < 0 && capacityBackAt < 0;
    }

    void act(int tick, SimulatedCluster cluster, String namespace) {
      if (tick == resumeAt) {
        suspend(namespace, false);
        resumeAt = -1;
      }
      if (tick == storageBackAt) {
        storageDown.set(false);
        storageBackAt = -1;
      }
      if (tick == capacityBackAt) {
        noCapacity.set(false);
        capacityBackAt = -1;
      }
      for (int[] fault : List.copyOf(planned)) {
        if (fault[0] <= tick && apply(Fault.values()[fault[1]], tick, cluster, namespace)) {
          planned.remove(fault);
          applied.merge(Fault.values()[fault[1]], 1, Integer::sum);
          faults.merge(Fault.values()[fault[1]], 1, Integer::sum);
        }
      }
    }

    private boolean apply(Fault fault, int tick, SimulatedCluster cluster, String namespace) {
      if (fault.needsRunningPod()) {
        List<Pod> running = cluster.runningPods(stage -> allowed(fault, stage));
        if (running.isEmpty()) {
          return false;
        }
        Pod pod = running.get(random.nextInt(running.size()));
        Stage stage = SimulatedCluster.stage(pod);
        switch (fault) {
          case CRASH -> cluster.exit(pod, 1, "chaos: NaN loss");
          case TEMPORARY -> cluster.exit(pod, 75, "chaos: storage unreachable after 6 tries");
          case INVALID_INPUT -> {
            cluster.exit(pod, 2, "chaos: invalid input");
            permanentInjected = true;
          }
          case KILLED -> cluster.delete(pod);
          case PREEMPTED -> cluster.preempt(pod);
          default -> throw new IllegalStateException(fault.name());
        }
        if (fault == Fault.CRASH || (fault == Fault.KILLED && stage == Stage.PREPROCESS)) {
          counted.merge(stage, 1, Integer::sum);
        }
        return true;
      }
      switch (fault) {
        case JOB_DELETED -> {
          List<Job> jobs = cluster.activeJobs();
          if (jobs.isEmpty()) {
            return false;
          }
          cluster.deleteJob(jobs.get(random.nextInt(jobs.size())));
        }
        case OPERATOR_RESTART -> {
          operator.close();
          startOperator();
        }
        case STORAGE_DOWN -> {
          if (storageBackAt >= 0) {
            return false;
          }
          storageDown.set(true);
          storageBackAt = tick + 3 + random.nextInt(8);
        }
        case SUSPEND_RESUME -> {
          if (resumeAt >= 0) {
            return false;
          }
          suspend(namespace, true);
          resumeAt = tick + 3 + random.nextInt(6);
        }
        case NO_CAPACITY -> {
          if (capacityBackAt >= 0) {
            return false;
          }
          noCapacity.set(true);
          capacityBackAt = tick + 3 + random.nextInt(8);
        }
        default -> throw new IllegalStateException(fault.name());
      }
      return true;
    }

    /** Crashes stay within backoffLimit per stage (preprocessing also counts deleted pods). */
    private boolean allowed(Fault fault, Stage stage) {
      boolean counts = fault == Fault.CRASH || (fault == Fault.KILLED && stage == Stage.PREPROCESS);
      return !counts || counted.getOrDefault(stage, 0) < BACKOFF_LIMIT;
    }

    private void suspend(String namespace, boolean suspend) {
      for (int tries = 0; tries < 10; tries++) {
        try {
          client
              .resources(XmcganExperiment.class)
              .inNamespace(namespace)
              .withName(NAME)
              .edit(
                  experiment -> {
                    experiment.getSpec().getRunPolicy().setSuspend(suspend);
                    return experiment;
                  });
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
        }
      }
    }
  }
}
