package io.xmcgan.operator.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.xmcgan.operator.status.Reason;

/**
 * Publishes Kubernetes events about an experiment (what {@code kubectl describe xmc} lists). Every
 * event names its cause in the message (the Job, the pod, the generation), and recording the same
 * reason and message again is a no-op: a reconcile repeated after an operator restart or a lost
 * status write never publishes one cause twice.
 */
public interface EventRecorder {

  enum Type {
    Normal,
    Warning
  }

  void record(HasMetadata subject, Type type, Reason reason, String message);
}
