package io.xmcgan.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.status.ConditionType;
import io.xmcgan.experiment.status.ExperimentStatus;
import io.xmcgan.experiment.status.Phase;
import io.xmcgan.failure.ExitCode;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.operator.workloads.JobRenderer;
import io.xmcgan.storage.testing.S3ProxyExtension;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A GPU experiment on the mock API server: the stages that ask for GPUs get the CUDA images and
 * their GPUs, every pod gets the manifest's pod settings, and a pod that sees no GPU fails the
 * experiment at once with reason NoGpuVisible instead of being retried.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class GpuExperimentTest {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Inject KubernetesClient client;
  @Inject OperatorConfig config;

  static ExperimentSpec gpuSpec(String endpoint, String bucket) {
    return ExperimentManifests.readSpec(
        """
        dataset:
          source:
            builtin: shapes
        model:
          preset: tiny
        training:
          steps: 1000
          gpusPerPod: 2
          batchSize: 32
        evaluation:
          gpusPerPod: 1
        storage:
          endpoint: %s
          bucket: %s
          credentialsSecret: %s
        pod:
          env:
            - name: PYTORCH_CUDA_ALLOC_CONF
              value: expandable_segments:True
          jvmOptions: ["-Xlog:gc", "-XX:+ExitOnOutOfMemoryError"]
          imagePullSecrets: [{name: registry-credentials}]
          serviceAccountName: xmcgan-irsa
          labels: {team: vision}
          annotations: {cost-center.example.com/id: "4711"}
          volumes:
            - name: datasets
              persistentVolumeClaim: {claimName: coco, readOnly: true}
          volumeMounts:
            - {name: datasets, mountPath: /data, readOnly: true}
          shmSize: 8Gi
        """
            .formatted(endpoint, bucket, Experiments.SECRET));
  }

  @Test
  void gpuStagesGetTheCudaImagesAndEveryPodGetsThePodSettings() throws Exception {
    String ns = "gpu-settings";
    ExperimentSpec spec = gpuSpec(S3.endpoint(), S3.bucket());
    client.secrets().resource(Experiments.credentials(ns)).create();
    new Storage(S3.server(), S3.bucket()).preprocessed(ns, "gpu", spec);
    client.resource(Experiments.experiment(ns, "gpu", spec)).create();

    Job train = new Cluster(client).awaitJob(ns, "gpu-train-0");
    Job evaluate = new Cluster(client).awaitJob(ns, "gpu-evaluate-0");

    assertThat(container(train).getImage()).isEqualTo(config.trainerGpuImage());
    assertThat(container(evaluate).getImage()).isEqualTo(config.evaluatorGpuImage());
    assertThat(config.trainerGpuImage()).isNotEqualTo(config.trainerImage());
    assertThat(gpus(train)).isEqualTo(new Quantity("2"));
    assertThat(gpus(evaluate)).isEqualTo(new Quantity("1"));
    for (Job job : new Job[] {train, evaluate}) {
      PodSpec pod = job.getSpec().getTemplate().getSpec();
      Container main = container(job);
      assertThat(main.getEnv())
          .contains(
              new EnvVar("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True", null),
              new EnvVar("JDK_JAVA_OPTIONS", "-Xlog:gc -XX:+ExitOnOutOfMemoryError", null));
      assertThat(pod.getImagePullSecrets())
          .extracting(r -> r.getName())
          .containsExactly("registry-credentials");
      assertThat(pod.getServiceAccountName()).isEqualTo("xmcgan-irsa");
      assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
          .containsEntry("team", "vision");
      assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry("cost-center.example.com/id", "4711");
      assertThat(pod.getVolumes())
          .anySatisfy(
              v -> {
                assertThat(v.getName()).isEqualTo("datasets");
                assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("coco");
              })
          .anySatisfy(v -> assertShm(v, "8Gi"));
      assertThat(main.getVolumeMounts())
          .anyMatch(m -> m.getName().equals("datasets") && m.getMountPath().equals("/data"))
          .anyMatch(m -> m.getMountPath().equals("/dev/shm"))
          .anyMatch(m -> m.getMountPath().equals(JobRenderer.CONFIG_DIR));
    }
    // one step plus one checkpoint write of the tiny preset; other pods keep Kubernetes' default
    assertThat(train.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(60L);
    assertThat(evaluate.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isNull();
  }

  @Test
  void aCpuExperimentGetsTheCpuImagesAndNoGpus() throws Exception {
    String ns = "cpu-images";
    ExperimentSpec spec = Experiments.tiny(S3.endpoint(), S3.bucket());
    spec.getTraining().setGpusPerPod(0);
    client.secrets().resource(Experiments.credentials(ns)).create();
    new Storage(S3.server(), S3.bucket()).preprocessed(ns, "cpu", spec);
    client.resource(Experiments.experiment(ns, "cpu", spec)).create();

    Job train = new Cluster(client).awaitJob(ns, "cpu-train-0");
    Job evaluate = new Cluster(client).awaitJob(ns, "cpu-evaluate-0");
    assertThat(container(train).getImage()).isEqualTo(config.trainerImage());
    assertThat(container(evaluate).getImage()).isEqualTo(config.evaluatorImage());
    assertThat(gpus(train)).isNull();
    assertThat(gpus(evaluate)).isNull();
  }

  @Test
  void aTrainerThatSeesNoGpuFailsTheExperimentWithoutARetry() throws Exception {
    String ns = "no-gpu";
    Cluster cluster = new Cluster(client);
    ExperimentSpec spec = gpuSpec(S3.endpoint(), S3.bucket());
    client.secrets().resource(Experiments.credentials(ns)).create();
    new Storage(S3.server(), S3.bucket()).preprocessed(ns, "gpu", spec);
    client.resource(Experiments.experiment(ns, "gpu", spec)).create();

    Job train = new Cluster(client).awaitJob(ns, "gpu-train-0");
    cluster.terminate(
        cluster.runPod(train, "gpu-train-0-abcde"),
        ExitCode.NO_GPU_VISIBLE.code(),
        "spec.training.gpusPerPod=2 asks for 2 GPUs but this container sees 0 (libtorch flavour"
            + " cpu)");
    cluster.fail(train, "BackoffLimitExceeded");

    ExperimentStatus status =
        new Cluster(client).awaitStatus(ns, "gpu", s -> s.getPhase() == Phase.Failed);
    assertThat(status.findCondition(ConditionType.Stalled).orElseThrow().getReason())
        .isEqualTo(Reason.NoGpuVisible.name());
    assertThat(status.getMessage())
        .contains("code " + ExitCode.NO_GPU_VISIBLE.code())
        .contains("sees 0 (libtorch flavour cpu)");
    Thread.sleep(1500); // several poll intervals: no second attempt may appear
    assertThat(cluster.job(ns, "gpu-train-1")).isNull();
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .noneMatch(e -> e.getReason().equals("TrainingRestarted"));
  }

  private static void assertShm(Volume volume, String size) {
    assertThat(volume.getName()).isEqualTo("dshm");
    assertThat(volume.getEmptyDir().getMedium()).isEqualTo("Memory");
    assertThat(volume.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity(size));
  }

  private static Container container(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Quantity gpus(Job job) {
    var limits =
        container(job).getResources() == null ? null : container(job).getResources().getLimits();
    return limits == null ? null : limits.get(JobRenderer.GPU_RESOURCE);
  }
}
