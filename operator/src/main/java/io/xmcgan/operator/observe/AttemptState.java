package io.xmcgan.operator.observe;

/** Where one stage Job stands. */
public enum AttemptState {
  /** Created and not finished (pods pending or running, or suspended by a queueing system). */
  ACTIVE,
  SUCCEEDED,
  FAILED
}
