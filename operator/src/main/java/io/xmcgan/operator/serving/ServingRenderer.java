package io.xmcgan.operator.serving;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.xmcgan.operator.workloads.ChildNames;
import io.xmcgan.operator.workloads.JobRenderer;
import io.xmcgan.operator.workloads.PodSettings;
import io.xmcgan.operator.workloads.StorageEnv;
import io.xmcgan.serving.ServingEndpoints;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The serving Deployment and Service (docs/serving.md). The Deployment runs the evaluator image's
 * {@code serve} on one checkpoint step, named in its arguments: a new step changes the pod template
 * and so rolls the pods, one at a time, a new pod taking traffic only once its model is loaded
 * (readiness is {@code serve}'s {@value ServingEndpoints#READY}).
 */
public final class ServingRenderer {

  /** Annotation on the Deployment: the checkpoint step its pods serve. */
  public static final String STEP_ANNOTATION = "xmcgan.io/checkpoint-step";

  /** Annotation on the Deployment: a digest of the rendered spec, to tell when it must change. */
  public static final String HASH_ANNOTATION = "xmcgan.io/serving-hash";

  public static final String PORT_NAME = "http";

  /** The Service's port: the page and the API at {@code http://<service>.<namespace>.svc/}. */
  public static final int SERVICE_PORT = 80;

  private ServingRenderer() {}

  /** What the Deployment is made of. */
  public record Request(
      HasMetadata owner,
      String experimentName,
      String run,
      long step,
      int replicas,
      PodSettings pod,
      StorageEnv storage) {}

  public static List<String> args(long step) {
    return List.of(
        "serve",
        "--experiment",
        JobRenderer.CONFIG_PATH,
        "--checkpoint",
        Long.toString(step),
        "--host",
        "0.0.0.0",
        "--port",
        Integer.toString(ServingEndpoints.PORT));
  }

  public static Deployment deployment(Request request) {
    PodSettings pod = request.pod();
    String name = ChildNames.serving(request.experimentName());
    Map<String, String> selector = selector(request.experimentName());
    Map<String, String> labels = new LinkedHashMap<>(pod.extraLabels());
    labels.putAll(
        ChildNames.labels(request.experimentName(), ChildNames.SERVE_STAGE, request.run()));
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(request.owner().getMetadata().getNamespace())
            .withLabels(labels)
            .withOwnerReferences(JobRenderer.ownerReference(request.owner()))
            .endMetadata()
            .withNewSpec()
            .withReplicas(request.replicas())
            .withNewSelector()
            .withMatchLabels(selector)
            .endSelector()
            // A new checkpoint's pods take over one at a time once they answer readiness.
            .withNewStrategy()
            .withType("RollingUpdate")
            .withNewRollingUpdate()
            .withMaxUnavailable(new IntOrString(0))
            .withMaxSurge(new IntOrString(1))
            .endRollingUpdate()
            .endStrategy()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .withAnnotations(pod.annotations().isEmpty() ? null : pod.annotations())
            .endMetadata()
            .withSpec(
                JobRenderer.podSpec(
                        request.owner(),
                        request.experimentName(),
                        pod,
                        request.storage(),
                        new ContainerBuilder()
                            .withArgs(args(request.step()))
                            .addNewPort()
                            .withName(PORT_NAME)
                            .withContainerPort(ServingEndpoints.PORT)
                            .endPort()
                            .withReadinessProbe(probe(ServingEndpoints.READY, 2, 3))
                            .withLivenessProbe(probe(ServingEndpoints.LIVE, 10, 6)))
                    .withRestartPolicy("Always")
                    .build())
            .endTemplate()
            .endSpec()
            .build();
    deployment
        .getMetadata()
        .setAnnotations(
            Map.of(
                STEP_ANNOTATION,
                Long.toString(request.step()),
                HASH_ANNOTATION,
                ChildNames.hash(deployment.getSpec().toString(), 12)));
    return deployment;
  }

  public static Service service(HasMetadata owner, String experimentName, String run) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(ChildNames.serving(experimentName))
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(ChildNames.labels(experimentName, ChildNames.SERVE_STAGE, run))
        .withOwnerReferences(JobRenderer.ownerReference(owner))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(selector(experimentName))
        .addNewPort()
        .withName(PORT_NAME)
        .withPort(SERVICE_PORT)
        .withTargetPort(new IntOrString(PORT_NAME))
        .endPort()
        .endSpec()
        .build();
  }

  /** The Service's URL inside the cluster. */
  public static String url(String namespace, String experimentName) {
    return "http://" + ChildNames.serving(experimentName) + "." + namespace + ".svc/";
  }

  private static Map<String, String> selector(String experimentName) {
    Map<String, String> all = ChildNames.labels(experimentName, ChildNames.SERVE_STAGE, "");
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(ChildNames.EXPERIMENT_LABEL, all.get(ChildNames.EXPERIMENT_LABEL));
    selector.put(ChildNames.STAGE_LABEL, ChildNames.SERVE_STAGE);
    return selector;
  }

  private static Probe probe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withHttpGet(
            new HTTPGetActionBuilder().withPath(path).withPort(new IntOrString(PORT_NAME)).build())
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
