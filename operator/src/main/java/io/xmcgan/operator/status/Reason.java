package io.xmcgan.operator.status;

import io.xmcgan.experiment.status.Phase;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every reason the operator writes into a condition or an event; the constant is the wire value.
 * docs/experiment-reference.md (status) lists what each means for a user.
 */
public enum Reason {
  // The spec is refused (Stalled).
  InvalidSpec,
  ImmutableField,
  // spec.storage.endpoint is not in the operator's xmcgan.operator.storage-endpoints.
  EndpointNotAllowed,

  // Permanent failures: Stalled, Succeeded=False, phase Failed.
  InvalidInput,
  NoGpuVisible,
  BackoffLimitExceeded,
  DeadlineExceeded,
  DataIncomplete,
  CapacityWaitExceeded,
  // A first attempt whose pods did not start within startupDeadlineSeconds fails with its cause.
  Unschedulable,
  ImagePullFailed,
  ContainerConfigError,
  NoPodCreated,
  NotStarted,

  // Not failed, but worth a look: Stalled=True while the stage is still retried.
  TemporaryFailures,
  // The reconcile itself fails (a refused Job, an unreachable API server).
  ReconcileError,
  ReconcileFailed,

  // Waiting, not failing.
  WaitingForCapacity,
  WaitingForPodsToTerminate,
  StorageUnavailable,

  // One reason per phase (Ready and Reconciling while nothing more specific applies).
  Pending,
  Preprocessing,
  Training,
  Evaluating,
  Suspended,
  Succeeded,
  Failed,

  // Healthy or neutral condition reasons.
  AsExpected,
  Idle,
  Running,
  NotSuspended,
  TrainingRunning,
  TrainingFinished,
  DatasetComplete,
  DatasetIncomplete,
  CheckpointFound,
  NoCheckpoint,
  MetricsAvailable,
  AllCheckpointsEvaluated,
  NoMetrics,
  NotObserved,
  Applied,
  DeferredToNextAttempt,

  // Events only.
  PreprocessingStarted,
  TrainingStarted,
  EvaluationStarted,
  PreprocessingRestarted,
  TrainingRestarted,
  EvaluationRestarted,
  Resumed,
  RunStarted,
  StorageDeleted,
  CleanupFailed;

  /** The reason named after a phase. */
  public static Reason of(Phase phase) {
    return valueOf(phase.name());
  }

  /** The constant of a wire value, for values this version wrote. */
  public static Optional<Reason> parse(String value) {
    return Arrays.stream(values()).filter(r -> r.name().equals(value)).findFirst();
  }
}
