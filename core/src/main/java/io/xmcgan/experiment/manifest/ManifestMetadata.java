package io.xmcgan.experiment.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The part of a manifest's metadata that a run uses; labels and annotations are carried along. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ManifestMetadata(
    String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {

  public ManifestMetadata {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public ManifestMetadata(String name, String namespace) {
    this(name, namespace, Map.of(), Map.of());
  }
}
