package io.xmcgan.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * Writes core/v1 Events. The same reason and message for the same object updates one Event (count
 * and last timestamp), as the kubelet does, instead of piling up copies.
 */
@ApplicationScoped
public class KubernetesEventRecorder implements EventRecorder {

  private static final Logger LOG = Logger.getLogger(KubernetesEventRecorder.class);
  static final String COMPONENT = "xmcgan-operator";
  private static final int MAX_MESSAGE = 1024;
  private static final int HTTP_CONFLICT = 409;

  private final KubernetesClient client;

  public KubernetesEventRecorder(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void record(HasMetadata subject, Type type, String reason, String message) {
    String namespace = subject.getMetadata().getNamespace();
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    String name =
        subject.getMetadata().getName()
            + "."
            + digest(subject.getMetadata().getUid() + "/" + reason + "/" + text);
    String now = Instant.now().toString();
    try {
      var events = client.v1().events().inNamespace(namespace);
      // Most events are new: create first and touch the existing one only on a name conflict.
      try {
        events
            .resource(
                new EventBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .endMetadata()
                    .withInvolvedObject(
                        new ObjectReferenceBuilder()
                            .withApiVersion(subject.getApiVersion())
                            .withKind(subject.getKind())
                            .withName(subject.getMetadata().getName())
                            .withNamespace(namespace)
                            .withUid(subject.getMetadata().getUid())
                            .withResourceVersion(subject.getMetadata().getResourceVersion())
                            .build())
                    .withType(type.name())
                    .withReason(reason)
                    .withMessage(text)
                    .withCount(1)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withNewSource()
                    .withComponent(COMPONENT)
                    .endSource()
                    .withReportingComponent(COMPONENT)
                    .build())
            .create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HTTP_CONFLICT) {
          throw e;
        }
        Event existing = events.withName(name).get();
        if (existing != null) {
          int count = existing.getCount() == null ? 1 : existing.getCount();
          existing.setCount(count + 1);
          existing.setLastTimestamp(now);
          events.resource(existing).update();
        }
      }
    } catch (KubernetesClientException e) {
      // An event that cannot be written must not fail the reconcile: status carries the same facts.
      LOG.warnf(
          "could not record event %s for %s/%s: %s",
          reason, namespace, subject.getMetadata().getName(), e.getMessage());
    }
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
