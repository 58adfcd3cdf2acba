package io.xmcgan.operator.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xmcgan.experiment.manifest.ExperimentJson;
import io.xmcgan.experiment.manifest.ExperimentManifest;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.experiment.validation.ImmutableFields;
import io.xmcgan.experiment.validation.ValidationReport;
import io.xmcgan.operator.observe.EndpointAllowList;
import io.xmcgan.operator.status.Reason;
import io.xmcgan.operator.workloads.ChildNames;
import io.xmcgan.storage.StorageLayout;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Decides which spec the operator acts on: the shared validator first, then the immutable fields
 * against the last reconciled spec (status.lastReconciledSpec, where the Flink operator keeps it
 * too: a ConfigMap could be edited or deleted by a user, disabling the check).
 */
public final class SpecCheck {

  /** Reading the stored spec tolerates fields a later version dropped. */
  private static final ObjectMapper LENIENT =
      ExperimentJson.json().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final ObjectMapper COMPACT =
      ExperimentJson.json().copy().disable(SerializationFeature.INDENT_OUTPUT);

  private SpecCheck() {}

  /** What the operator does with the spec. */
  public sealed interface Decision permits Refused, Accepted {}

  /** The spec is invalid: nothing is started or deleted until it is fixed. */
  public record Refused(Reason reason, String message) implements Decision {}

  /**
   * The spec acted on: the resource's, or the last reconciled one while a change of an immutable
   * field is refused ({@code refusal}).
   *
   * @param runId the run the spec's restartNonce names ({@link StorageLayout#runId(String)})
   */
  public record Accepted(
      ExperimentSpec spec,
      ResolvedExperiment resolved,
      String restartNonce,
      String runId,
      Optional<Plan.Failure> refusal)
      implements Decision {

    /** The spec as stored in status.lastReconciledSpec. */
    public String json() {
      return write(spec);
    }

    /**
     * A digest of what reaches the stage pods: the spec without runPolicy (suspend, limits and
     * deadlines act in the operator, at once) and without serving (its Deployment follows it
     * without touching training).
     */
    public String hash() {
      ObjectNode tree = COMPACT.valueToTree(spec);
      tree.remove("runPolicy");
      tree.remove("serving");
      return ChildNames.hash(tree.toString(), 12);
    }
  }

  /**
   * @param endpoints the storage endpoints the operator may contact: a spec naming another one is
   *     refused before anything reads its storage or starts a pod
   */
  public static Decision check(
      String name,
      String namespace,
      ExperimentSpec spec,
      Optional<ExperimentSpec> reconciled,
      EndpointAllowList endpoints) {
    ValidationReport report =
        ExperimentResolver.validate(
            ExperimentManifest.of(name, namespace, spec), ExperimentValidator.Target.CLUSTER);
    if (!report.isValid()) {
      return new Refused(Reason.InvalidSpec, report.describe());
    }
    String endpoint = spec.getStorage().getEndpoint();
    if (!endpoints.allows(endpoint)) {
      return new Refused(
          Reason.EndpointNotAllowed, endpoints.refusal("spec.storage.endpoint", endpoint));
    }
    ExperimentSpec acting = spec;
    Optional<Plan.Failure> refusal = Optional.empty();
    Optional<ExperimentSpec> sameRun = reconciled.filter(last -> nonce(last).equals(nonce(spec)));
    if (sameRun.isPresent()) {
      List<String> changed = ImmutableFields.changed(sameRun.get(), spec);
      if (!changed.isEmpty()) {
        refusal =
            Optional.of(
                new Plan.Failure(
                    null,
                    Reason.ImmutableField,
                    String.join(", ", changed)
                        + " cannot change once the experiment has started; revert the change, or"
                        + " also change spec.runPolicy.restartNonce to start a new run with it"));
        acting = sameRun.get();
      }
    }
    String nonce = nonce(acting);
    return new Accepted(
        acting,
        ExperimentResolver.resolve(name, namespace, acting, ExperimentValidator.Target.CLUSTER),
        nonce,
        StorageLayout.runId(nonce),
        refusal);
  }

  /**
   * The last reconciled spec, or empty when there is none or it cannot be read (then the current
   * spec is accepted and becomes the one later changes are compared with).
   */
  public static Optional<ExperimentSpec> read(String json) {
    if (json == null || json.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LENIENT.readValue(json, ExperimentSpec.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  static String write(ExperimentSpec spec) {
    try {
      return COMPACT.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the spec as JSON", e);
    }
  }

  private static String nonce(ExperimentSpec spec) {
    return spec.getRunPolicy() == null || spec.getRunPolicy().getRestartNonce() == null
        ? ""
        : spec.getRunPolicy().getRestartNonce();
  }
}
