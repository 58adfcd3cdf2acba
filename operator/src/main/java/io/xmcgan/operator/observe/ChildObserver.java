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
import io.xmcgan.operator.status.Reason;
import io.xmcgan.operator.workloads.ChildNames;
import io.xmcgan.stage.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Jobs and Pods (from the informer caches) into {@link Children}. Pods belong to the Job
 * whose UID their controller reference names: a name can come back (a Job deleted and made again),
 * a UID cannot, so a terminating pod of a deleted Job is never taken for a pod of its successor.
 */
public final class ChildObserver {

  private static final Set<String> IMAGE_PULL_REASONS =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
  private static final Set<String> CONFIG_ERROR_REASONS =
      Set.of("CreateContainerConfigError", "CreateContainerError");
  private static final int MAX_MESSAGE = 1024;
  private static final String DISRUPTION_TARGET = "DisruptionTarget";

  private ChildObserver() {}

  public static Children observe(
      Collection<Job> jobs, Collection<Pod> pods, Optional<ConfigMap> config, String run) {
    Map<String, List<Pod>> podsByOwner = new HashMap<>();
    for (Pod pod : pods) {
      ownerUid(pod)
          .ifPresent(uid -> podsByOwner.computeIfAbsent(uid, u -> new ArrayList<>()).add(pod));
    }
    List<Attempt> attempts = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    Map<Stage, Integer> highest = new EnumMap<>(Stage.class);
    Set<String> activeUids = new HashSet<>();
    for (Job job : jobs) {
      Map<String, String> labels = labels(job);
      boolean deleting = job.getMetadata().getDeletionTimestamp() != null;
      if (!run.equals(labels.get(ChildNames.RUN_LABEL))) {
        if (!deleting) {
          stale.add(job.getMetadata().getName());
        }
        continue;
      }
      Stage stage = Stage.fromLabel(labels.get(ChildNames.STAGE_LABEL));
      highest.merge(stage, attemptNumber(job), Math::max);
      if (deleting) {
        continue;
      }
      Attempt attempt =
          attempt(job, podsByOwner.getOrDefault(job.getMetadata().getUid(), List.of()));
      attempts.add(attempt);
      if (attempt.active()) {
        activeUids.add(job.getMetadata().getUid());
      }
    }
    Map<Stage, List<String>> leftovers = new EnumMap<>(Stage.class);
    for (Pod pod : pods) {
      String stage = labels(pod).get(ChildNames.STAGE_LABEL);
      if (stage == null
          || finished(pod)
          || ownerUid(pod).filter(activeUids::contains).isPresent()) {
        continue;
      }
      leftovers
          .computeIfAbsent(Stage.fromLabel(stage), s -> new ArrayList<>())
          .add(pod.getMetadata().getName());
    }
    return new Children(attempts, highest, stale, leftovers, config);
  }

  private static Attempt attempt(Job job, List<Pod> pods) {
    Stage stage = Stage.fromLabel(labels(job).get(ChildNames.STAGE_LABEL));
    Optional<Termination> termination = lastFailure(pods);
    Optional<String> failureReason = condition(job, "Failed").map(JobCondition::getReason);
    AttemptState state;
    if (condition(job, "Complete").isPresent()
        || condition(job, "SuccessCriteriaMet").isPresent()) {
      state = AttemptState.SUCCEEDED;
    } else if (failureReason.isPresent() || condition(job, "FailureTarget").isPresent()) {
      // The Job's status and its pods' come through separate watches: a failed Job whose pod
      // still shows running, and is not being deleted, has a pod whose end has not reached this
      // view yet. Counting that as an unexplained crash would misjudge a preempted pod; its pod's
      // update comes next and says how it ended.
      state =
          termination.isEmpty() && pods.stream().anyMatch(ChildObserver::runningAndKept)
              ? AttemptState.ACTIVE
              : AttemptState.FAILED;
    } else if (stage != Stage.PREPROCESS && termination.isPresent()) {
      // Training and evaluation Jobs have backoffLimit 0: their first failed pod fails the Job;
      // acting on the pod saves waiting for the Job controller to say so.
      state = AttemptState.FAILED;
    } else {
      state = AttemptState.ACTIVE;
    }
    boolean running = pods.stream().anyMatch(ChildObserver::isRunning);
    Optional<StartupProblem> startup =
        state == AttemptState.ACTIVE && !running ? startupProblem(job, pods) : Optional.empty();
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return new Attempt(
        job.getMetadata().getName(),
        stage,
        attemptNumber(job),
        state,
        created(job),
        running,
        termination,
        startup,
        failureReason,
        annotations == null ? "" : annotations.getOrDefault(ChildNames.SPEC_HASH_ANNOTATION, ""));
  }

  private static Optional<StartupProblem> startupProblem(Job job, List<Pod> pods) {
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      // Held by a queueing system (Kueue) until quota is free: waiting for capacity.
      return Optional.of(
          new StartupProblem(
              Reason.WaitingForCapacity,
              "Job " + job.getMetadata().getName() + " is suspended by its queue",
              created(job)));
    }
    List<Pod> pending = pods.stream().filter(p -> "Pending".equals(phase(p))).toList();
    if (pending.isEmpty()) {
      if (pods.isEmpty()) {
        return Optional.of(
            new StartupProblem(
                Reason.NoPodCreated,
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
        return new StartupProblem(Reason.ImagePullFailed, detail, since);
      }
      if (CONFIG_ERROR_REASONS.contains(waiting.getReason())) {
        return new StartupProblem(Reason.ContainerConfigError, detail, since);
      }
    }
    for (PodCondition condition : conditions(pod)) {
      if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
        return new StartupProblem(
            Reason.Unschedulable,
            "pod " + name + " cannot be scheduled" + message(condition.getMessage()),
            since);
      }
    }
    return new StartupProblem(Reason.NotStarted, "pod " + name + " has not started running", since);
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
                  truncate(terminated.getMessage()),
                  interrupted(pod, terminated));
        }
      }
    }
    return Optional.ofNullable(latest);
  }

  /**
   * Stopped from outside: Kubernetes marks preempted, evicted and drained pods with a
   * DisruptionTarget condition, and a deleted pod got SIGTERM before whatever code it exited with
   * (137 when SIGKILL followed at the end of the grace period). An OOMKilled container crashed on
   * its own.
   */
  private static boolean interrupted(Pod pod, ContainerStateTerminated terminated) {
    if ("OOMKilled".equals(terminated.getReason())) {
      return false;
    }
    return pod.getMetadata().getDeletionTimestamp() != null
        || conditions(pod).stream()
            .anyMatch(c -> DISRUPTION_TARGET.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Optional<String> ownerUid(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners == null) {
      return Optional.empty();
    }
    return owners.stream()
        .filter(o -> "Job".equals(o.getKind()) && Boolean.TRUE.equals(o.getController()))
        .map(OwnerReference::getUid)
        .filter(Objects::nonNull)
        .findFirst();
  }

  private static boolean finished(Pod pod) {
    return "Succeeded".equals(phase(pod)) || "Failed".equals(phase(pod));
  }

  private static boolean runningAndKept(Pod pod) {
    return isRunning(pod) && !finished(pod) && pod.getMetadata().getDeletionTimestamp() == null;
  }

  private static boolean isRunning(Pod pod) {
    return containerStatuses(pod).stream()
        .anyMatch(s -> s.getState() != null && s.getState().getRunning() != null);
  }

  private static int attemptNumber(Job job) {
    return Integer.parseInt(labels(job).getOrDefault(ChildNames.ATTEMPT_LABEL, "0"));
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static List<PodCondition> conditions(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getConditions() == null
        ? List.of()
        : pod.getStatus().getConditions();
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
