package io.xmcgan.operator.serving;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.status.ServingStatus;
import io.xmcgan.operator.OperatorConfig;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.operator.observe.StorageSnapshot;
import io.xmcgan.operator.workloads.ChildNames;
import io.xmcgan.operator.workloads.StageSettings;
import io.xmcgan.serving.ResolvedServing;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Keeps the serving Deployment and Service as {@code spec.serving} and storage ask
 * (docs/serving.md) and describes them for {@code status.serving}: created once a checkpoint fits
 * the policy, updated (a rollout) when the chosen step or the pod settings change, deleted when
 * serving is turned off.
 */
public final class ServingChildren {

  private static final Logger LOG = Logger.getLogger(ServingChildren.class);
  private static final int HTTP_CONFLICT = 409;

  private final OperatorConfig config;

  public ServingChildren(OperatorConfig config) {
    this.config = config;
  }

  /**
   * Acts for one reconcile and returns {@code status.serving} (null when serving is off).
   *
   * @param run the run whose storage the resolved experiment points at
   * @param trainingSucceeded whether the experiment has succeeded (for {@code afterTraining})
   */
  public ServingStatus reconcile(
      Context<XmcganExperiment> context,
      XmcganExperiment owner,
      ResolvedExperiment resolved,
      String run,
      boolean trainingSucceeded,
      StorageSnapshot storage) {
    String name = owner.getMetadata().getName();
    String namespace = owner.getMetadata().getNamespace();
    String childName = ChildNames.serving(name);
    Optional<Deployment> current =
        context.getSecondaryResources(Deployment.class).stream()
            .filter(d -> childName.equals(d.getMetadata().getName()))
            .findFirst();
    Optional<Service> service =
        context.getSecondaryResources(Service.class).stream()
            .filter(s -> childName.equals(s.getMetadata().getName()))
            .findFirst();
    Optional<ResolvedServing> serving = Optional.ofNullable(resolved.serving());
    if (serving.isEmpty()) {
      current.ifPresent(d -> delete(context, d));
      service.ifPresent(s -> delete(context, s));
      return null;
    }
    ServingDecision decision = ServingDecision.decide(serving.get(), trainingSucceeded, storage);
    OptionalLong step = decision.step().isPresent() ? decision.step() : servedStep(current);
    ServingStatus status = new ServingStatus();
    status.setCheckpoint(serving.get().checkpoint().text());
    status.setReplicas(serving.get().replicas());
    if (step.isEmpty()) {
      status.setMessage(decision.waiting());
      status.setReadyReplicas(0);
      return status;
    }
    Deployment desired =
        ServingRenderer.deployment(
            new ServingRenderer.Request(
                owner,
                name,
                run,
                step.getAsLong(),
                serving.get().replicas(),
                StageSettings.serving(resolved, serving.get(), config),
                StageSettings.storage(resolved)));
    if (service.isEmpty()) {
      create(context, ServingRenderer.service(owner, name, run));
    }
    if (current.isEmpty()) {
      create(context, desired);
    } else if (!hash(current.get()).equals(hash(desired))) {
      LOG.infof(
          "%s/%s: rolling out serving of step %d (was %s)",
          namespace,
          name,
          step.getAsLong(),
          annotation(current.get(), ServingRenderer.STEP_ANNOTATION));
      // A JSON patch replacing spec, labels and annotations: a setting removed from the spec is
      // removed from the pods too (a merge patch would keep it).
      KubernetesSerialization json = context.getClient().getKubernetesSerialization();
      String patch =
          "[{\"op\": \"replace\", \"path\": \"/spec\", \"value\": "
              + json.asJson(desired.getSpec())
              + "}, {\"op\": \"replace\", \"path\": \"/metadata/labels\", \"value\": "
              + json.asJson(desired.getMetadata().getLabels())
              + "}, {\"op\": \"replace\", \"path\": \"/metadata/annotations\", \"value\": "
              + json.asJson(desired.getMetadata().getAnnotations())
              + "}]";
      context
          .getClient()
          .apps()
          .deployments()
          .inNamespace(namespace)
          .withName(childName)
          .patch(PatchContext.of(PatchType.JSON), patch);
    }
    // Ready pods count once the Deployment controller has seen the current template.
    boolean rolledOut =
        current.isPresent()
            && hash(current.get()).equals(hash(desired))
            && current.get().getStatus() != null
            && current.get().getStatus().getObservedGeneration() != null
            && current.get().getMetadata().getGeneration() != null
            && current.get().getStatus().getObservedGeneration()
                >= current.get().getMetadata().getGeneration();
    int ready =
        rolledOut
            ? Math.min(
                orZero(current.get().getStatus().getReadyReplicas()),
                orZero(current.get().getStatus().getUpdatedReplicas()))
            : 0;
    status.setUrl(ServingRenderer.url(namespace, name));
    status.setStep(step.getAsLong());
    status.setReadyReplicas(ready);
    status.setMessage(
        decision.step().isEmpty()
            ? decision.waiting() + "; serving step " + step.getAsLong() + " meanwhile"
            : ready < serving.get().replicas() ? "rolling out step " + step.getAsLong() : null);
    return status;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static OptionalLong servedStep(Optional<Deployment> deployment) {
    return deployment
        .map(d -> annotation(d, ServingRenderer.STEP_ANNOTATION))
        .filter(s -> s != null && s.matches("[0-9]+"))
        .map(s -> OptionalLong.of(Long.parseLong(s)))
        .orElse(OptionalLong.empty());
  }

  private static String hash(Deployment deployment) {
    return String.valueOf(annotation(deployment, ServingRenderer.HASH_ANNOTATION));
  }

  private static String annotation(HasMetadata object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static void create(Context<XmcganExperiment> context, HasMetadata child) {
    try {
      context.resourceOperations().create(child);
      LOG.infof(
          "%s: created %s %s",
          child.getMetadata().getNamespace(), child.getKind(), child.getMetadata().getName());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HTTP_CONFLICT) {
        throw e;
      }
    }
  }

  private static void delete(Context<XmcganExperiment> context, HasMetadata child) {
    LOG.infof(
        "%s: serving is off, deleting %s %s",
        child.getMetadata().getNamespace(), child.getKind(), child.getMetadata().getName());
    context.getClient().resource(child).delete();
  }
}
