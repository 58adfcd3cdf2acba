package io.xmcgan.operator.observe;

import java.time.Instant;

/**
 * A pod (or a Job without pods) that has not started since {@code since}. The reason says why, so
 * that a stage failed by {@code startupDeadlineSeconds} tells the user what to fix.
 */
public record StartupProblem(String reason, String message, Instant since) {

  /** No node can run the pod, e.g. no node has the requested {@code nvidia.com/gpu}. */
  public static final String UNSCHEDULABLE = "Unschedulable";

  /** The image cannot be pulled (wrong name or tag, missing pull secret, registry down). */
  public static final String IMAGE_PULL_FAILED = "ImagePullFailed";

  /** The container cannot be created, e.g. the credentials Secret or one of its keys is missing. */
  public static final String CONTAINER_CONFIG_ERROR = "ContainerConfigError";

  /** The Job created no pod, e.g. a ResourceQuota refuses it. */
  public static final String NO_POD_CREATED = "NoPodCreated";

  /** Anything else that keeps the pod from running. */
  public static final String NOT_STARTED = "NotStarted";
}
