package io.xmcgan.experiment.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.xmcgan.experiment.spec.ExperimentSpec;

/**
 * An XmcganExperiment document as a user writes it: what {@code kubectl apply} and {@code xmcgan
 * run} both accept.
 */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public record ExperimentManifest(
    String apiVersion, String kind, ManifestMetadata metadata, ExperimentSpec spec) {

  public static final String GROUP = "xmcgan.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "XmcganExperiment";

  /** A manifest with this API version and kind. */
  public static ExperimentManifest of(String name, String namespace, ExperimentSpec spec) {
    return new ExperimentManifest(API_VERSION, KIND, new ManifestMetadata(name, namespace), spec);
  }
}
