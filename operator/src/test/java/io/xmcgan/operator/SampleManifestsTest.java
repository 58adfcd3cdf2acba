package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.xmcgan.experiment.manifest.ExperimentManifest;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.experiment.validation.ValidationReport;
import io.xmcgan.operator.workloads.JobRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cluster samples are what users apply first: each passes the shared validator for the cluster,
 * and its storage points at the dev MinIO of manifests/minio/ (the Service's in-cluster address, a
 * Secret with the keys the operator reads in the sample's namespace).
 */
class SampleManifestsTest {

  static final Path SAMPLES = Path.of("../manifests/samples");
  static final Path MINIO = Path.of("../manifests/minio");

  @ParameterizedTest
  @ValueSource(strings = {"shapes-tiny.yaml", "coco-128.yaml"})
  void sampleIsValidForTheClusterAndUsesTheDevMinio(String file) throws IOException {
    ExperimentManifest manifest = ExperimentManifests.read(SAMPLES.resolve(file));
    ValidationReport report =
        ExperimentResolver.validate(manifest, ExperimentValidator.Target.CLUSTER);
    assertThat(report.isValid()).as("%s: %s", file, report.describe()).isTrue();

    var storage = manifest.spec().getStorage();
    List<HasMetadata> minio = minioResources();
    Service service = only(minio, Service.class, "minio");
    assertThat(storage.getEndpoint())
        .isEqualTo(
            "http://%s.%s:%d",
            service.getMetadata().getName(),
            service.getMetadata().getNamespace(),
            service.getSpec().getPorts().get(0).getPort());
    Secret credentials = only(minio, Secret.class, storage.getCredentialsSecret());
    assertThat(credentials.getMetadata().getNamespace()).isEqualTo(manifest.metadata().namespace());
    assertThat(credentials.getStringData())
        .containsKeys(JobRenderer.SECRET_ACCESS_KEY, JobRenderer.SECRET_SECRET_KEY);
    Secret root = only(minio, Secret.class, "minio-root");
    assertThat(credentials.getStringData().get(JobRenderer.SECRET_ACCESS_KEY))
        .isEqualTo(root.getStringData().get("rootUser"));
    assertThat(credentials.getStringData().get(JobRenderer.SECRET_SECRET_KEY))
        .isEqualTo(root.getStringData().get("rootPassword"));
  }

  private static List<HasMetadata> minioResources() throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    try (var files = Files.list(MINIO)) {
      for (Path path : files.filter(p -> !p.endsWith("kustomization.yaml")).toList()) {
        try (InputStream in = Files.newInputStream(path)) {
          resources.add(Serialization.unmarshal(in));
        }
      }
    }
    return resources;
  }

  private static <T extends HasMetadata> T only(
      List<HasMetadata> resources, Class<T> type, String name) {
    return resources.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError("manifests/minio/ has no " + type.getSimpleName() + " " + name));
  }
}
