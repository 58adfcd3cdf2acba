package io.xmcgan.experiment;

import java.util.List;

/** The condition types of an XmcganExperiment's status (architecture.md section 2). */
public final class ConditionTypes {

  /** True while training runs healthily or after success. */
  public static final String READY = "Ready";

  /** True while the operator is moving the experiment towards its spec. */
  public static final String RECONCILING = "Reconciling";

  /** True when progress is impossible without a change: invalid spec, backoff, deadline. */
  public static final String STALLED = "Stalled";

  public static final String SUCCEEDED = "Succeeded";
  public static final String SUSPENDED = "Suspended";
  public static final String DATA_READY = "DataReady";
  public static final String CHECKPOINT_AVAILABLE = "CheckpointAvailable";
  public static final String EVALUATED = "Evaluated";

  public static final List<String> ALL =
      List.of(
          READY,
          RECONCILING,
          STALLED,
          SUCCEEDED,
          SUSPENDED,
          DATA_READY,
          CHECKPOINT_AVAILABLE,
          EVALUATED);

  /** Reason of Stalled when a model or dataset field changed while training. */
  public static final String REASON_IMMUTABLE_FIELD = "ImmutableField";

  /** Reason of Stalled when the spec fails validation. */
  public static final String REASON_INVALID_SPEC = "InvalidSpec";

  private ConditionTypes() {}
}
