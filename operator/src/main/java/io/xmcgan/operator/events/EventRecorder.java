package io.xmcgan.operator.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Publishes Kubernetes events about an experiment (what {@code kubectl describe xmc} lists). */
public interface EventRecorder {

  enum Type {
    Normal,
    Warning
  }

  void record(HasMetadata subject, Type type, String reason, String message);
}
