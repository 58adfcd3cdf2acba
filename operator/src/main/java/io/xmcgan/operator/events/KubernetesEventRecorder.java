package io.xmcgan.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.xmcgan.operator.status.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * Writes core/v1 Events. The Event's name is a digest of the object's UID, the reason and the
 * message, so the same cause always maps to the same Event and is written once.
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
  public void record(HasMetadata subject, Type type, Reason reason, String message) {
    String namespace = subject.getMetadata().getNamespace();
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    String name =
        subject.getMetadata().getName()
            + "."
            + digest(subject.getMetadata().getUid() + "/" + reason + "/" + text);
    String now = Instant.now().toString();
    try {
      try {
        client
            .v1()
            .events()
            .inNamespace(namespace)
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
                    .withReason(reason.name())
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
        // Already recorded: the same cause, seen again by a repeated reconcile.
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
