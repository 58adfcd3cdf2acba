package io.xmcgan.experiment.status;

/** The wire values of {@code status.conditions[].status} (Kubernetes API conventions). */
public enum ConditionStatus {
  True,
  False,
  Unknown;

  public static ConditionStatus of(boolean value) {
    return value ? True : False;
  }
}
