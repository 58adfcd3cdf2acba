package io.xmcgan.operator.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.xmcgan.operator.workloads.ChildNames;
import io.xmcgan.operator.workloads.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Reads Jobs and Pods (from the informer caches) into {@link Children}. */
public final class ChildObserver {

  static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
  static final String LEGACY_JOB_NAME_LABEL = "job-name";

  private static final Set<String> IMAGE_PULL_REASONS =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
  private static final Set<String> CONFIG_ERROR_REASONS =
      Set.of("CreateContainerConfigError", "CreateContainerError");
  private static final int MAX_MESSAGE = 1024;

  private ChildObserver() {}

  public static Children observe(
      Collection<Job> jobs, Collection<Pod> pods, Optional<ConfigMap> config, String run) {
    List<Attempt> attempts = new ArrayList<>();
    List<Job> stale = new ArrayList<>();
    Map<Stage, Integer> deleting = new EnumMap<>(Stage.class);
    for (Job job : jobs) {
      Map<String, String> labels = labels(job);
      if (!run.equals(labels.get(ChildNames.RUN_LABEL))) {
        if (job.getMetadata().getDeletionTimestamp() == null) {
          stale.add(job);
        }
        continue;
      }
      if (job.getMetadata().getDeletionTimestamp() != null) {
        deleting.merge(
            Stage.fromLabel(labels.get(ChildNames.STAGE_LABEL)),
            Integer.parseInt(labels.getOrDefault(ChildNames.ATTEMPT_LABEL, "0")),
            Math::max);
        continue;
      }
      List<Pod> ownPods = pods.stream().filter(p -> belongsTo(p, job)).toList();
      attempts.add(attempt(job, ownPods));
    }
    return new Children(attempts, deleting, stale, config);
  }

  private static Attempt attempt(Job job, List<Pod> pods) {
    Map<String, String> labels = labels(job);
    Stage stage = Stage.fromLabel(labels.get(ChildNames.STAGE_LABEL));
    int number = Integer.parseInt(labels.getOrDefault(ChildNames.ATTEMPT_LABEL, "0"));
    Instant created = created(job);
    Optional<Termination> termination = lastFailure(pods);
    Optional<String> failureReason = condition(job, "Failed").map(JobCondition::getReason);
    AttemptState state;
    if (condition(job, "Complete").isPresent()
        || condition(job, "SuccessCriteriaMet").isPresent()) {
      state = AttemptState.SUCCEEDED;
    } else if (failureReason.isPresent() || condition(job, "FailureTarget").isPresent()) {
      state = AttemptState.FAILED;
    } else if (stage != Stage.PREPROCESS && termination.isPresent()) {
      // Training and evaluation Jobs have backoffLimit 0: their first failed pod fails the Job;
      // acting on the pod saves waiting for the Job controller to say so.
      state = AttemptState.FAILED;
    } else {
      state = AttemptState.ACTIVE;
    }
    boolean running = pods.stream().anyMatch(ChildObserver::isRunning);
    int failedPods = (int) pods.stream().filter(p -> "Failed".equals(phase(p))).count();
    Optional<StartupProblem> startup =
        state == AttemptState.ACTIVE && !running ? startupProblem(job, pods) : Optional.empty();
    return new Attempt(
        job.getMetadata().getName(),
        stage,
        number,
        state,
        created,
        running,
        failedPods,
        termination,
        startup,
        failureReason);
  }

  private static Optional<StartupProblem> startupProblem(Job job, List<Pod> pods) {
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      // Suspended by a queueing system (Kueue) waiting for quota: not a startup failure.
      return Optional.empty();
    }
    List<Pod> pending = pods.stream().filter(p -> "Pending".equals(phase(p))).toList();
    if (pending.isEmpty()) {
      if (pods.isEmpty()) {
        return Optional.of(
            new StartupProblem(
                StartupProblem.NO_POD_CREATED,
                "Job " + job.getMetadata().getName() + " has created no pod; see its events",
                created(job)));
      }
      return Optional.empty();
    }
    Pod pod = pending.stream().min(Comparator.comparing(ChildObserver::created)).orElseThrow();
    return Optional.of(diagnose(pod));
  }

  private static StartupProblem diagnose(Pod pod) {
    String name = pod.getMetadata().getName();
    Instant since = created(pod);
    for (ContainerStatus status : containerStatuses(pod)) {
      ContainerStateWaiting waiting =
          status.getState() == null ? null : status.getState().getWaiting();
      if (waiting == null || waiting.getReason() == null) {
        continue;
      }
      String detail = "pod " + name + ": " + waiting.getReason() + message(waiting.getMessage());
      if (IMAGE_PULL_REASONS.contains(waiting.getReason())) {
        return new StartupProblem(StartupProblem.IMAGE_PULL_FAILED, detail, since);
      }
      if (CONFIG_ERROR_REASONS.contains(waiting.getReason())) {
        return new StartupProblem(StartupProblem.CONTAINER_CONFIG_ERROR, detail, since);
      }
    }
    List<PodCondition> conditions =
        pod.getStatus() == null || pod.getStatus().getConditions() == null
            ? List.of()
            : pod.getStatus().getConditions();
    for (PodCondition condition : conditions) {
      if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
        return new StartupProblem(
            StartupProblem.UNSCHEDULABLE,
            "pod " + name + " cannot be scheduled" + message(condition.getMessage()),
            since);
      }
    }
    return new StartupProblem(
        StartupProblem.NOT_STARTED, "pod " + name + " has not started running", since);
  }

  private static Optional<Termination> lastFailure(List<Pod> pods) {
    Termination latest = null;
    String latestFinish = "";
    for (Pod pod : pods) {
      for (ContainerStatus status : containerStatuses(pod)) {
        ContainerStateTerminated terminated =
            status.getState() == null ? null : status.getState().getTerminated();
        if (terminated == null
            || terminated.getExitCode() == null
            || terminated.getExitCode() == 0) {
          continue;
        }
        String finished = Objects.toString(terminated.getFinishedAt(), "");
        if (latest == null || finished.compareTo(latestFinish) > 0) {
          latestFinish = finished;
          latest =
              new Termination(
                  pod.getMetadata().getName(),
                  terminated.getExitCode(),
                  terminated.getReason(),
                  truncate(terminated.getMessage()));
        }
      }
    }
    return Optional.ofNullable(latest);
  }

  private static boolean isRunning(Pod pod) {
    return containerStatuses(pod).stream()
        .anyMatch(s -> s.getState() != null && s.getState().getRunning() != null);
  }

  private static boolean belongsTo(Pod pod, Job job) {
    String jobName = job.getMetadata().getName();
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners != null
        && owners.stream()
            .anyMatch(o -> "Job".equals(o.getKind()) && jobName.equals(o.getName()))) {
      return true;
    }
    Map<String, String> labels = labels(pod);
    return jobName.equals(labels.get(JOB_NAME_LABEL))
        || jobName.equals(labels.get(LEGACY_JOB_NAME_LABEL));
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static List<ContainerStatus> containerStatuses(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return List.of();
    }
    return pod.getStatus().getContainerStatuses();
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private static Map<String, String> labels(HasMetadata resource) {
    Map<String, String> labels = resource.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  static Instant created(HasMetadata resource) {
    String timestamp = resource.getMetadata().getCreationTimestamp();
    return timestamp == null ? Instant.now() : Instant.parse(timestamp);
  }

  private static String message(String text) {
    return text == null || text.isBlank() ? "" : ": " + truncate(text.strip());
  }

  private static String truncate(String text) {
    if (text == null || text.length() <= MAX_MESSAGE) {
      return text;
    }
    return "…" + text.substring(text.length() - MAX_MESSAGE);
  }
}
