package io.xmcgan.operator.workloads;

/**
 * How the pods reach storage. Only the Secret's name travels into the pod spec: the key values are
 * resolved by the kubelet, so they never pass through the operator's objects, status or events.
 *
 * @param endpoint S3 endpoint URL, or null for AWS
 * @param credentialsSecret Secret with the keys {@code accessKey} and {@code secretKey}, or null
 *     for anonymous access
 */
public record StorageEnv(
    String endpoint, String region, boolean pathStyle, String credentialsSecret) {}
