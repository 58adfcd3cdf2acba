package io.xmcgan.storage;

import io.minio.credentials.IamAwsProvider;
import io.minio.credentials.Provider;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from the pod's identity when no key pair is configured: EKS IAM roles for service
 * accounts (the webhook sets {@value #WEB_IDENTITY_TOKEN_FILE} and {@code AWS_ROLE_ARN}) and EKS
 * Pod Identity ({@value #CONTAINER_CREDENTIALS_URI}). MinIO's provider exchanges the token for
 * temporary keys and renews them (docs/gpu.md, "Storage without a credentials Secret").
 */
final class PodIdentity {

  static final String WEB_IDENTITY_TOKEN_FILE = "AWS_WEB_IDENTITY_TOKEN_FILE";
  static final String CONTAINER_CREDENTIALS_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

  private PodIdentity() {}

  /** The identity's provider, or empty when the environment shows no pod identity. */
  static Optional<Provider> provider(Map<String, String> env) {
    return present(env) ? Optional.of(new IamAwsProvider(null, null)) : Optional.empty();
  }

  static boolean present(Map<String, String> env) {
    return set(env, WEB_IDENTITY_TOKEN_FILE) || set(env, CONTAINER_CREDENTIALS_URI);
  }

  private static boolean set(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }
}
