package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * application.properties as the deployed operator reads it, with the environment the Deployment
 * sets (manifests/operator/deployment.yaml, rewritten by the kustomization's {@code images:}).
 */
class OperatorConfigTest {

  @Test
  void theGpuImagesFollowTheCpuImagesTheEnvironmentNames() throws IOException {
    OperatorConfig config =
        config(
            Map.of(
                "XMCGAN_OPERATOR_TRAINER_IMAGE", "registry.example/ml/xmcgan-trainer:7",
                "XMCGAN_OPERATOR_EVALUATOR_IMAGE", "registry.example/ml/xmcgan-evaluator:7"));

    assertThat(config.trainerImage()).isEqualTo("registry.example/ml/xmcgan-trainer:7");
    assertThat(config.trainerGpuImage()).isEqualTo("registry.example/ml/xmcgan-trainer:7-cu128");
    assertThat(config.evaluatorGpuImage())
        .isEqualTo("registry.example/ml/xmcgan-evaluator:7-cu128");
  }

  @Test
  void aGpuImageOfItsOwnWins() throws IOException {
    OperatorConfig config =
        config(
            Map.of(
                "XMCGAN_OPERATOR_TRAINER_IMAGE", "registry.example/ml/xmcgan-trainer:7",
                "XMCGAN_OPERATOR_TRAINER_GPU_IMAGE", "registry.example/ml/trainer@sha256:abc"));

    assertThat(config.trainerGpuImage()).isEqualTo("registry.example/ml/trainer@sha256:abc");
    assertThat(config.evaluatorGpuImage()).isEqualTo("ghcr.io/xmcgan/xmcgan-evaluator:0.1.0-cu128");
  }

  @Test
  void anyStorageEndpointUnlessListed() throws IOException {
    assertThat(config(Map.of()).storageEndpoints()).isEmpty();
    assertThat(
            config(
                    Map.of(
                        "XMCGAN_OPERATOR_STORAGE_ENDPOINTS",
                        "http://minio.minio:9000,https://*.amazonaws.com"))
                .storageEndpoints())
        .isEqualTo(Optional.of(List.of("http://minio.minio:9000", "https://*.amazonaws.com")));
  }

  private static OperatorConfig config(Map<String, String> environment) throws IOException {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            // Quarkus's interceptors: ${...} expressions among them
            .addDefaultInterceptors()
            .withSources(
                new PropertiesConfigSource(
                    OperatorConfigTest.class.getResource("/application.properties"), 250),
                new EnvConfigSource(environment, 300))
            // Quarkus's reading of "15s" and "5m"
            .withConverter(Duration.class, 100, new DurationConverter())
            .withMapping(OperatorConfig.class)
            .build();
    return config.getConfigMapping(OperatorConfig.class);
  }
}
