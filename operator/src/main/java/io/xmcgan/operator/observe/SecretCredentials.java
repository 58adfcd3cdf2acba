package io.xmcgan.operator.observe;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.xmcgan.operator.OperatorConfig;
import io.xmcgan.operator.workloads.JobRenderer;
import io.xmcgan.storage.StorageCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The S3 key pair an experiment's {@code spec.storage.credentialsSecret} holds. A successful read
 * is remembered for {@link OperatorConfig#credentialsCacheTtl()}: every reconcile needs the keys,
 * and hundreds of experiments usually share one Secret. A rotated key is picked up once the entry
 * expires; a missing or incomplete Secret is read again on every reconcile, so fixing it takes
 * effect at the next one.
 */
@ApplicationScoped
public class SecretCredentials {

  /** The key pair, or why there is none. */
  public record Lookup(Optional<StorageCredentials> credentials, Optional<String> error) {

    static Lookup found(StorageCredentials credentials) {
      return new Lookup(Optional.of(credentials), Optional.empty());
    }

    static Lookup problem(String error) {
      return new Lookup(Optional.empty(), Optional.of(error));
    }
  }

  private record Key(String namespace, String name) {}

  private record Entry(StorageCredentials credentials, Instant expires) {}

  private final KubernetesClient client;
  private final Duration ttl;
  private final ConcurrentHashMap<Key, Entry> cache = new ConcurrentHashMap<>();

  @Inject
  public SecretCredentials(KubernetesClient client, OperatorConfig config) {
    this(client, config.credentialsCacheTtl());
  }

  public SecretCredentials(KubernetesClient client, Duration ttl) {
    this.client = client;
    this.ttl = ttl;
  }

  public Lookup read(String namespace, String secretName) {
    Key key = new Key(namespace, secretName);
    Instant now = Instant.now();
    Entry cached = cache.get(key);
    if (cached != null && now.isBefore(cached.expires())) {
      return Lookup.found(cached.credentials());
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (secret == null) {
      cache.remove(key);
      return Lookup.problem(
          "Secret "
              + secretName
              + " (spec.storage.credentialsSecret) does not exist in namespace "
              + namespace);
    }
    Optional<String> access = value(secret, JobRenderer.SECRET_ACCESS_KEY);
    Optional<String> secretKey = value(secret, JobRenderer.SECRET_SECRET_KEY);
    if (access.isEmpty() || secretKey.isEmpty()) {
      cache.remove(key);
      return Lookup.problem(
          "Secret "
              + secretName
              + " must have the keys '"
              + JobRenderer.SECRET_ACCESS_KEY
              + "' and '"
              + JobRenderer.SECRET_SECRET_KEY
              + "'");
    }
    StorageCredentials credentials = new StorageCredentials(access.get(), secretKey.get());
    cache.put(key, new Entry(credentials, now.plus(ttl)));
    return Lookup.found(credentials);
  }

  private static Optional<String> value(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return Optional.of(
              new String(
                      Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8)
                  .strip())
          .filter(v -> !v.isEmpty());
    }
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return Optional.of(secret.getStringData().get(key).strip()).filter(v -> !v.isEmpty());
    }
    return Optional.empty();
  }
}
