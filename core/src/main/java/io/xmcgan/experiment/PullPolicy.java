package io.xmcgan.experiment;

/** Kubernetes image pull policy. The constants are the Kubernetes wire values. */
public enum PullPolicy {
  Always,
  IfNotPresent,
  Never
}
