package io.xmcgan.experiment.spec;

/** Kubernetes image pull policy. The constants are the Kubernetes wire values. */
public enum PullPolicy {
  Always,
  IfNotPresent,
  Never
}
