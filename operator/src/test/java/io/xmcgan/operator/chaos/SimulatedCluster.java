package io.xmcgan.operator.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.xmcgan.checkpoint.CheckpointManifest;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.checkpoint.CheckpointWriter;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.operator.Storage;
import io.xmcgan.operator.workloads.ChildNames;
import io.xmcgan.operator.workloads.JobRenderer;
import io.xmcgan.stage.Stage;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.testing.InProcessS3Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The Kubernetes controllers and the stage pods of one experiment's namespace, one step per {@link
 * #tick()}: the Job controller (one pod per Job, backoffLimit 0 for training and evaluation,
 * per-shard retries for preprocessing, foreground deletion: a deleted Job stays until its pods are
 * gone), the garbage collector (pods of deleted Jobs are deleted), the scheduler (pods stay
 * Unschedulable while there is no capacity), the kubelet (a deleted pod gets SIGTERM and a grace
 * period) and the images: the trainer resumes from its run's latest checkpoint, checkpoints every
 * 10 steps and on SIGTERM, and exits 75 when storage is down; the evaluator scores every
 * checkpoint; preprocessing writes the shards.
 *
 * <p>It records every checkpoint written and checks, at every pod it creates and every tick, that
 * no two trainer pods of the experiment are alive at once.
 */
final class SimulatedCluster {

  static final String GRACEFUL = "chaos.xmcgan.io/graceful-termination";
  static final String FOREGROUND = "chaos.xmcgan.io/foreground-deletion";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STEPS_PER_TICK = 5;
  private static final int CHECKPOINT_EVERY = 10;

  private final KubernetesClient client;
  private final InProcessS3Server s3;
  private final String namespace;
  private final String name;
  private final ExperimentSpec spec;
  private final Random random;
  private final Chaos chaos;
  private final Consumer<String> violation;
  private final Map<String, PodState> states = new HashMap<>();
  private final Map<String, String> checkpointWriters = new HashMap<>();
  private final Set<String> trainerPodsSeen = new HashSet<>();
  private int podCounter;

  /** The outside conditions the script switches: storage and capacity. */
  interface Chaos {
    boolean storageDown();

    boolean noCapacity();
  }

  /** What a running pod of the simulated images remembers between ticks. */
  private static final class PodState {
    String root;
    long total;
    long step;
    long lastCheckpoint = -1;
    int ticks;
    int grace = -1;
  }

  SimulatedCluster(
      KubernetesClient client,
      InProcessS3Server s3,
      String namespace,
      String name,
      ExperimentSpec spec,
      long seed,
      Chaos chaos,
      Consumer<String> violation) {
    this.client = client;
    this.s3 = s3;
    this.namespace = namespace;
    this.name = name;
    this.spec = spec;
    this.random = new Random(seed);
    this.chaos = chaos;
    this.violation = violation;
  }

  void tick() throws IOException {
    List<Job> jobs = client.batch().v1().jobs().inNamespace(namespace).list().getItems();
    List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
    jobController(jobs, pods);
    collectGarbage(jobs, pods);
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      kubelet(pod);
    }
    checkOneTrainer();
  }

  /** Running pods of a stage (not being deleted), for the faults that act on one. */
  List<Pod> runningPods(Predicate<Stage> stages) {
    return client.pods().inNamespace(namespace).list().getItems().stream()
        .filter(p -> "Running".equals(p.getStatus().getPhase()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> stages.test(stage(p)))
        .toList();
  }

  void exit(Pod pod, int code, String message) {
    editStatus(pod.getMetadata().getName(), status -> terminated(status, code, message));
  }

  /** Preemption: DisruptionTarget, then deletion (SIGTERM and the grace period). */
  void preempt(Pod pod) {
    editStatus(
        pod.getMetadata().getName(),
        status ->
            status
                .getConditions()
                .add(
                    new PodConditionBuilder()
                        .withType("DisruptionTarget")
                        .withStatus("True")
                        .withReason("PreemptionByScheduler")
                        .build()));
    delete(pod);
  }

  void delete(Pod pod) {
    client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
  }

  /** {@code kubectl delete job}: background propagation, the pods go with the garbage collector. */
  void deleteJob(Job job) {
    edit(job, j -> j.getMetadata().getFinalizers().remove(FOREGROUND));
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withName(job.getMetadata().getName())
        .delete();
  }

  List<Job> activeJobs() {
    return client.batch().v1().jobs().inNamespace(namespace).list().getItems().stream()
        .filter(j -> j.getMetadata().getDeletionTimestamp() == null)
        .filter(j -> j.getStatus() == null || j.getStatus().getConditions().isEmpty())
        .toList();
  }

  /** Every checkpoint written must still be complete in storage: none lost. */
  void checkCheckpointsKept() throws IOException {
    Map<String, Set<Long>> byRoot = new HashMap<>();
    for (String key : checkpointWriters.keySet()) {
      int at = key.lastIndexOf('#');
      byRoot
          .computeIfAbsent(key.substring(0, at), r -> new HashSet<>())
          .add(Long.parseLong(key.substring(at + 1)));
    }
    for (Map.Entry<String, Set<Long>> root : byRoot.entrySet()) {
      try (ObjectStore store = ObjectStores.open(root.getKey(), s3.settings())) {
        Set<Long> complete = new HashSet<>();
        for (CheckpointManifest manifest : new CheckpointStore(store).listComplete()) {
          complete.add(manifest.step());
        }
        for (long step : root.getValue()) {
          if (!complete.contains(step)) {
            violation.accept(
                namespace + ": checkpoint step " + step + " under " + root.getKey() + " was lost");
          }
        }
      }
    }
  }

  // The Job controller

  private void jobController(List<Job> jobs, List<Pod> pods) {
    for (Job job : jobs) {
      String uid = job.getMetadata().getUid();
      List<Pod> own = pods.stream().filter(p -> uid.equals(owner(p))).toList();
      if (job.getMetadata().getDeletionTimestamp() != null) {
        own.stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .forEach(this::delete);
        if (own.isEmpty()) {
          edit(job, j -> j.getMetadata().getFinalizers().remove(FOREGROUND));
        }
        continue;
      }
      if (!job.getMetadata().getFinalizers().contains(FOREGROUND)) {
        edit(job, j -> j.getMetadata().getFinalizers().add(FOREGROUND));
      }
      if (job.getStatus() != null && !job.getStatus().getConditions().isEmpty()) {
        continue;
      }
      if (own.stream().anyMatch(p -> !finished(p))) {
        continue;
      }
      if (own.stream().anyMatch(p -> "Succeeded".equals(p.getStatus().getPhase()))) {
        finish(job, "Complete", null);
      } else if (stage(job) != Stage.PREPROCESS) {
        if (own.isEmpty()) {
          createPod(job);
        } else {
          finish(job, "Failed", "BackoffLimitExceeded");
        }
      } else {
        // Indexed Job with podFailurePolicy: DisruptionTarget is not counted, 2 and 75 fail it.
        if (own.stream().anyMatch(p -> !disrupted(p) && (exitCode(p) == 2 || exitCode(p) == 75))) {
          finish(job, "Failed", "PodFailurePolicy");
          continue;
        }
        long counted = own.stream().filter(p -> !disrupted(p)).count();
        if (counted > job.getSpec().getBackoffLimitPerIndex()) {
          finish(job, "Failed", "FailedIndexes");
        } else {
          createPod(job);
        }
      }
    }
  }

  private void createPod(Job job) {
    String podName = job.getMetadata().getName() + "-p" + podCounter++;
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .withNamespace(namespace)
            .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
            .withFinalizers(GRACEFUL)
            .addNewOwnerReference()
            .withApiVersion("batch/v1")
            .withKind("Job")
            .withName(job.getMetadata().getName())
            .withUid(job.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();
    client.pods().resource(pod).create();
    editStatus(podName, status -> status.setPhase("Pending"));
    if (stage(job) == Stage.TRAIN) {
      trainerPodsSeen.add(podName);
      checkOneTrainer();
    }
  }

  private void finish(Job job, String type, String reason) {
    String now = Instant.now().toString();
    Job current = client.batch().v1().jobs().resource(job).get();
    if (current == null) {
      return;
    }
    current.setStatus(
        new JobStatusBuilder()
            .withConditions(
                new JobConditionBuilder()
                    .withType(type)
                    .withStatus("True")
                    .withReason(reason)
                    .withLastTransitionTime(now)
                    .build())
            .build());
    try {
      client.batch().v1().jobs().resource(current).updateStatus();
    } catch (KubernetesClientException e) {
      // Changed meanwhile (deleted, a finalizer): the next tick looks again.
    }
  }

  // The garbage collector

  private void collectGarbage(List<Job> jobs, List<Pod> pods) {
    Set<String> uids = new HashSet<>();
    jobs.forEach(j -> uids.add(j.getMetadata().getUid()));
    for (Pod pod : pods) {
      if (!uids.contains(owner(pod)) && pod.getMetadata().getDeletionTimestamp() == null) {
        delete(pod);
      }
    }
  }

  // The scheduler, the kubelet and the images

  private void kubelet(Pod pod) throws IOException {
    String podName = pod.getMetadata().getName();
    PodState state = states.computeIfAbsent(podName, n -> new PodState());
    boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
    if (finished(pod)) {
      if (deleting) {
        edit(pod, p -> p.getMetadata().getFinalizers().remove(GRACEFUL));
      }
      return;
    }
    String phase = pod.getStatus().getPhase();
    if (deleting) {
      terminate(pod, state);
      return;
    }
    if ("Pending".equals(phase)) {
      if (chaos.noCapacity()) {
        if (pod.getStatus().getConditions().isEmpty()) {
          editStatus(
              podName,
              status ->
                  status
                      .getConditions()
                      .add(
                          new PodConditionBuilder()
                              .withType("PodScheduled")
                              .withStatus("False")
                              .withReason("Unschedulable")
                              .withMessage("0/4 nodes are available: 4 Insufficient nvidia.com/gpu")
                              .build()));
        }
        return;
      }
      editStatus(podName, this::running);
      return;
    }
    state.ticks++;
    switch (stage(pod)) {
      case PREPROCESS -> preprocess(pod, state);
      case TRAIN -> train(pod, state);
      case EVALUATE -> evaluate(pod, state);
    }
  }

  /** SIGTERM: the trainer checkpoints and exits 75 if it can, else SIGKILL ends it (137). */
  private void terminate(Pod pod, PodState state) throws IOException {
    if (!"Running".equals(pod.getStatus().getPhase())) {
      editStatus(pod.getMetadata().getName(), status -> status.setPhase("Failed"));
      return;
    }
    if (state.grace < 0) {
      boolean checkpoints =
          stage(pod) == Stage.TRAIN && state.root != null && random.nextDouble() < 0.7;
      if (checkpoints && !chaos.storageDown()) {
        if (state.step > state.lastCheckpoint) {
          checkpoint(pod, state, state.step);
        }
        exit(pod, 75, "checkpointed on SIGTERM");
        return;
      }
      state.grace = 1 + random.nextInt(2);
    }
    if (state.grace-- == 0) {
      exit(pod, 137, "");
    }
  }

  private void preprocess(Pod pod, PodState state) throws IOException {
    if (state.ticks < 2) {
      return;
    }
    if (chaos.storageDown()) {
      exit(pod, 75, "storage unreachable");
      return;
    }
    new Storage(s3, bucket()).preprocessed(namespace, name, spec);
    exit(pod, 0, "");
  }

  private void train(Pod pod, PodState state) throws IOException {
    if (state.root == null) {
      if (!start(pod, state)) {
        return;
      }
      try (ObjectStore store = ObjectStores.open(state.root, s3.settings())) {
        state.step = new CheckpointStore(store).latestStep().orElse(0);
        state.lastCheckpoint = state.step;
      }
      if (state.step >= state.total) {
        // The run is complete already (its Job was deleted after the last step): nothing to do.
        exit(pod, 0, "");
      }
      return;
    }
    state.step = Math.min(state.total, state.step + STEPS_PER_TICK);
    if (state.step % CHECKPOINT_EVERY == 0 || state.step == state.total) {
      if (chaos.storageDown()) {
        exit(pod, 75, "storage unreachable after 6 tries");
        return;
      }
      checkpoint(pod, state, state.step);
    }
    if (state.step == state.total) {
      exit(pod, 0, "");
    }
  }

  private void evaluate(Pod pod, PodState state) throws IOException {
    if (state.root == null) {
      start(pod, state);
      return;
    }
    if (chaos.storageDown()) {
      exit(pod, 75, "storage unreachable after 6 tries");
      return;
    }
    try (ObjectStore store = ObjectStores.open(state.root, s3.settings())) {
      boolean last = false;
      for (CheckpointManifest checkpoint : new CheckpointStore(store).listComplete()) {
        String key = StorageLayout.metrics(checkpoint.step());
        if (!store.exists(key)) {
          store.writeBytes(key, metrics(checkpoint.step()));
        }
        last |= checkpoint.step() == state.total;
      }
      if (last) {
        exit(pod, 0, "");
      }
    }
  }

  /** Reads the resolved experiment from the ConfigMap, as the images do at start. */
  private boolean start(Pod pod, PodState state) {
    ConfigMap config =
        client.configMaps().inNamespace(namespace).withName(ChildNames.configMap(name)).get();
    if (config == null) {
      return false;
    }
    ResolvedExperiment resolved =
        ResolvedExperiment.fromJson(config.getData().get(JobRenderer.CONFIG_KEY));
    state.root = resolved.storage().experimentUri();
    state.total = resolved.training().steps();
    return true;
  }

  private void checkpoint(Pod pod, PodState state, long step) throws IOException {
    String key = state.root + "#" + step;
    String first = checkpointWriters.putIfAbsent(key, pod.getMetadata().getName());
    if (first != null) {
      violation.accept(
          namespace
              + ": checkpoint step "
              + step
              + " written again by "
              + pod.getMetadata().getName()
              + " (first by "
              + first
              + ")");
    }
    try (ObjectStore store = ObjectStores.open(state.root, s3.settings());
        CheckpointWriter writer = new CheckpointStore(store).begin(step)) {
      writer.writeFile("generator.params", ("weights " + step).getBytes(StandardCharsets.UTF_8));
      writer.commit(JSON.createObjectNode().put("step", step));
    }
    state.lastCheckpoint = step;
  }

  /** Never two live trainer pods (pending, running or terminating) of the experiment at once. */
  private void checkOneTrainer() {
    List<String> live =
        client.pods().inNamespace(namespace).list().getItems().stream()
            .filter(p -> stage(p) == Stage.TRAIN && !finished(p))
            .map(p -> p.getMetadata().getName())
            .toList();
    if (live.size() > 1) {
      violation.accept(namespace + ": two live trainer pods " + live);
    }
  }

  // API helpers

  private void running(PodStatus status) {
    status.setPhase("Running");
    status.setConditions(new ArrayList<>());
    status.setContainerStatuses(
        List.of(
            new ContainerStatusBuilder()
                .withName(JobRenderer.CONTAINER)
                .withNewState()
                .withNewRunning()
                .withStartedAt(Instant.now().toString())
                .endRunning()
                .endState()
                .build()));
  }

  private static void terminated(PodStatus status, int code, String message) {
    status.setPhase(code == 0 ? "Succeeded" : "Failed");
    status.setContainerStatuses(
        List.of(
            new ContainerStatusBuilder()
                .withName(JobRenderer.CONTAINER)
                .withNewState()
                .withNewTerminated()
                .withExitCode(code)
                .withReason(code == 0 ? "Completed" : "Error")
                .withMessage(message)
                .withFinishedAt(Instant.now().toString())
                .endTerminated()
                .endState()
                .build()));
  }

  private void editStatus(String podName, Consumer<PodStatus> change) {
    for (int tries = 0; tries < 5; tries++) {
      Pod current = client.pods().inNamespace(namespace).withName(podName).get();
      if (current == null) {
        return;
      }
      if (current.getStatus() == null) {
        current.setStatus(new PodStatus());
      }
      change.accept(current.getStatus());
      try {
        client.pods().resource(current).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void edit(
      T resource, Consumer<T> change) {
    try {
      client
          .resource(resource)
          .edit(
              current -> {
                change.accept(current);
                return current;
              });
    } catch (KubernetesClientException e) {
      // Gone or changed meanwhile: the next tick looks again.
    }
  }

  private String bucket() {
    return spec.getStorage().getBucket();
  }

  private static byte[] metrics(long step) {
    return ("{\"step\":" + step + ",\"fid\":" + (100.0 - step) + ",\"inceptionScore\":1.0}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String owner(Pod pod) {
    return pod.getMetadata().getOwnerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()))
        .map(OwnerReference::getUid)
        .findFirst()
        .orElse("");
  }

  static Stage stage(io.fabric8.kubernetes.api.model.HasMetadata resource) {
    return Stage.fromLabel(resource.getMetadata().getLabels().get(ChildNames.STAGE_LABEL));
  }

  static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static boolean disrupted(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> "DisruptionTarget".equals(c.getType()));
  }

  private static int exitCode(Pod pod) {
    return Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream()
        .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
        .map(s -> s.getState().getTerminated().getExitCode())
        .findFirst()
        .orElse(-1);
  }
}
